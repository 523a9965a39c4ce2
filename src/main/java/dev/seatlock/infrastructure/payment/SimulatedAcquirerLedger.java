package dev.seatlock.infrastructure.payment;

import dev.seatlock.infrastructure.payment.SimulatedAuthorization.CaptureResult;
import dev.seatlock.lock.OutsideLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Optional;

/**
 * The simulated acquirer's books, each operation in a transaction of its own: the acquirer is
 * another system, and its answer must not depend on whether SeatLock's booking transaction commits.
 */
@OutsideLease
@ApplicationScoped
public class SimulatedAcquirerLedger {

    private final EntityManager entityManager;

    @Inject
    public SimulatedAcquirerLedger(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For CDI's proxy. */
    protected SimulatedAcquirerLedger() {
        this(null);
    }

    @Transactional(TxType.REQUIRES_NEW)
    public Optional<SimulatedAuthorization> byAuthorizeKey(String key) {
        return entityManager
                .createQuery(
                        "SELECT a FROM SimulatedAuthorization a WHERE a.authorizeKey = :key",
                        SimulatedAuthorization.class)
                .setParameter("key", key)
                .getResultStream()
                .findFirst();
    }

    @Transactional(TxType.REQUIRES_NEW)
    public Optional<SimulatedAuthorization> byId(String id) {
        return Optional.ofNullable(entityManager.find(SimulatedAuthorization.class, id));
    }

    /**
     * Persists the authorization; two at once with one key collide on ONE_AUTHORIZATION_PER_KEY.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void add(SimulatedAuthorization authorization) {
        entityManager.persist(authorization);
        entityManager.flush();
    }

    @Transactional(TxType.REQUIRES_NEW)
    public Optional<CaptureResult> capture(String authorizationId, String key) {
        return locked(authorizationId).map(authorization -> authorization.capture(key));
    }

    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Boolean> voidIt(String authorizationId) {
        return locked(authorizationId).map(SimulatedAuthorization::voidIt);
    }

    @Transactional(TxType.REQUIRES_NEW)
    public long count(SimulatedPaymentGateway.State state) {
        return entityManager
                .createQuery(
                        "SELECT COUNT(a) FROM SimulatedAuthorization a WHERE a.state = :state"
                                + " AND a.closedKey = false",
                        Long.class)
                .setParameter("state", state)
                .getSingleResult();
    }

    private Optional<SimulatedAuthorization> locked(String id) {
        return Optional.ofNullable(
                entityManager.find(
                        SimulatedAuthorization.class, id, LockModeType.PESSIMISTIC_WRITE));
    }
}
