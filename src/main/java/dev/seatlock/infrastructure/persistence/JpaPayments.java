package dev.seatlock.infrastructure.persistence;

import dev.seatlock.domain.payment.Payment;
import dev.seatlock.domain.payment.PaymentState;
import dev.seatlock.domain.payment.Payments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Payments} on JPA. */
@ApplicationScoped
public class JpaPayments implements Payments {

    private static final List<PaymentState> OPEN =
            Arrays.stream(PaymentState.values()).filter(PaymentState::isOpen).toList();

    private static final int LOCK_TIMEOUT_MILLIS = 10_000;

    private final EntityManager entityManager;

    @Inject
    public JpaPayments(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For CDI's proxy. */
    protected JpaPayments() {
        this(null);
    }

    @Override
    public Optional<Payment> find(String id) {
        return Optional.ofNullable(entityManager.find(Payment.class, id));
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

    @Override
    public void add(Payment payment) {
        entityManager.persist(payment);
    }

    @Override
    public List<Payment> due(Instant now, int limit) {
        return entityManager
                .createQuery(
                        "SELECT p FROM Payment p WHERE p.state IN :open AND p.nextAttemptAt <= :now"
                                + " ORDER BY p.nextAttemptAt",
                        Payment.class)
                .setParameter("open", OPEN)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    @Override
    public Map<PaymentState, Long> countByState() {
        Map<PaymentState, Long> counts = new EnumMap<>(PaymentState.class);
        entityManager
                .createQuery(
                        "SELECT p.state, COUNT(p) FROM Payment p GROUP BY p.state", Object[].class)
                .getResultList()
                .forEach(row -> counts.put((PaymentState) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    @Override
    public long needingAttention() {
        return entityManager
                .createQuery("SELECT COUNT(p) FROM Payment p WHERE p.state = :state", Long.class)
                .setParameter("state", PaymentState.NEEDS_ATTENTION)
                .getSingleResult();
    }

    @Override
    public long overdueSince(Instant cutoff) {
        return entityManager
                .createQuery(
                        "SELECT COUNT(p) FROM Payment p WHERE p.state IN :open"
                                + " AND p.createdAt < :cutoff",
                        Long.class)
                .setParameter("open", OPEN)
                .setParameter("cutoff", cutoff)
                .getSingleResult();
    }
}
