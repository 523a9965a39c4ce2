package dev.seatlock.infrastructure.persistence;

import dev.seatlock.domain.payment.Payment;
import dev.seatlock.domain.payment.PaymentLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PaymentLocks} on hand-written JPA: the one read the Jakarta Data repositories cannot say
 * (a {@code PESSIMISTIC_WRITE} lock, bounded by a statement time-out). The container-managed
 * EntityManager of the unit {@code seatlock} joins the caller's JTA transaction, and the payment
 * stays managed in it, so the state changes made on it are written at commit under the lock.
 */
@ApplicationScoped
public class JpaPaymentLocks implements PaymentLocks {

    private static final int LOCK_TIMEOUT_MILLIS = 10_000;

    private final EntityManager entityManager;

    @Inject
    public JpaPaymentLocks(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For CDI's proxy. */
    protected JpaPaymentLocks() {
        this(null);
    }

    @Override
    public Optional<Payment> lock(String id) {
        // Bounded: a booking transaction whose connection is half-open must not hang the request or
        // the reconciler. A statement (JDBC query) timeout, not jakarta.persistence.lock.timeout:
        // EclipseLink 5 writes that one into the SQL as "FOR UPDATE WITH RS WAIT n", a syntax error
        // on Derby.
        return Optional.ofNullable(
                entityManager.find(
                        Payment.class,
                        id,
                        LockModeType.PESSIMISTIC_WRITE,
                        Map.of("jakarta.persistence.query.timeout", LOCK_TIMEOUT_MILLIS)));
    }
}
