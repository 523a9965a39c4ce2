package dev.seatlock.infrastructure.persistence;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Makes the container-managed EntityManager injectable through constructors. Persistence 3.2
 * (Jakarta EE 11) also registers an {@code @Default EntityManager} bean of its own for the unit;
 * this producer is an enabled alternative so that it, a transaction-scoped persistence context
 * usable outside a transaction too, stays the one injected, as on Jakarta EE 10.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class EntityManagerProducer {

    @Produces
    @PersistenceContext(unitName = "seatlock")
    private EntityManager entityManager;
}
