package dev.seatlock.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Optional;

/** Claims idempotency keys and keeps the answers, each step in its own short transaction. */
@ApplicationScoped
public class IdempotencyStore {

    private final EntityManager entityManager;

    @Inject
    public IdempotencyStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For CDI's proxy. */
    protected IdempotencyStore() {
        this(null);
    }

    /** The record of an earlier request with this key, if any. */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<IdempotencyRecord> find(String id) {
        return Optional.ofNullable(entityManager.find(IdempotencyRecord.class, id));
    }

    /**
     * Claims the key for a first attempt. Two attempts that claim at once collide on the primary key,
     * and the loser's transaction fails.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void claim(String id, String fingerprint) {
        entityManager.persist(new IdempotencyRecord(id, fingerprint, Instant.now()));
        entityManager.flush();
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void complete(String id, int status, String location, String body) {
        IdempotencyRecord record = entityManager.find(IdempotencyRecord.class, id);
        if (record != null) {
            record.complete(status, location, body);
        }
    }

    /** Forgets a claim whose attempt failed in a way worth retrying (5xx). */
    @Transactional(TxType.REQUIRES_NEW)
    public void forget(String id) {
        IdempotencyRecord record = entityManager.find(IdempotencyRecord.class, id);
        if (record != null) {
            entityManager.remove(record);
        }
    }
}
