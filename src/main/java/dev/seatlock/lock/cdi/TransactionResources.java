package dev.seatlock.lock.cdi;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Makes the container's {@link TransactionSynchronizationRegistry} injectable through a
 * constructor.
 */
@ApplicationScoped
public class TransactionResources {

    @Produces
    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry registry;
}
