package dev.seatlock.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims idempotency keys and keeps the answers, each step in its own short transaction.
 *
 * <p>Every change after the claim is one conditional statement, so that the database, which all
 * servers share, decides races: a take-over succeeds only while the claim is still stale, and
 * completing or forgetting a claim only while the caller's token still holds it. Reads bypass
 * EclipseLink's shared cache, which is per server and would not see another server's changes.
 */
@ApplicationScoped
public class IdempotencyStore {

    private static final Map<String, Object> FROM_DATABASE =
            Map.of("jakarta.persistence.cache.retrieveMode", CacheRetrieveMode.BYPASS);

    /**
     * What may be purged: old enough, and either complete or a claim that stopped running long ago.
     */
    private static final String PURGEABLE =
            "r.createdAt < :cutoff"
                    + " AND (r.status <> 0 OR r.claimedAt < :cutoff OR r.claimedAt IS NULL)";

    private final EntityManager entityManager;

    @Inject
    public IdempotencyStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For CDI's proxy. */
    protected IdempotencyStore() {
        this(null);
    }

    /** The record of an earlier request with this key, if any, as the database has it now. */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<IdempotencyRecord> find(String id) {
        return Optional.ofNullable(entityManager.find(IdempotencyRecord.class, id, FROM_DATABASE));
    }

    /**
     * Claims the key for a first attempt and returns the claim's token. Two attempts that claim at
     * once collide on the primary key, and the loser's transaction fails.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public String claim(String id, String fingerprint) {
        String token = UUID.randomUUID().toString();
        entityManager.persist(new IdempotencyRecord(id, fingerprint, Instant.now(), token));
        entityManager.flush();
        return token;
    }

    /**
     * Takes over a claim for the same request that has been running since before {@code cutoff},
     * and returns the new token; empty when the claim is no longer stale (completed, forgotten, or
     * taken over by a concurrent retry on this or another server: one conditional UPDATE, at most
     * one wins).
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<String> takeOver(String id, String fingerprint, Instant cutoff) {
        String token = UUID.randomUUID().toString();
        int taken =
                entityManager
                        .createQuery(
                                "UPDATE IdempotencyRecord r SET r.claimedAt = :now, r.claimToken = :token"
                                        + " WHERE r.id = :id AND r.status = 0 AND r.fingerprint = :fingerprint"
                                        + " AND (r.claimedAt < :cutoff OR (r.claimedAt IS NULL AND r.createdAt < :cutoff))")
                        .setParameter("now", Instant.now())
                        .setParameter("token", token)
                        .setParameter("id", id)
                        .setParameter("fingerprint", fingerprint)
                        .setParameter("cutoff", cutoff)
                        .executeUpdate();
        return taken == 1 ? Optional.of(token) : Optional.empty();
    }

    /**
     * Keeps the answer of the attempt holding {@code token}. False when its claim was taken over
     * meanwhile: the answer of the attempt that took it over is the one kept.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean complete(String id, String token, int status, String location, String body) {
        return entityManager
                        .createQuery(
                                "UPDATE IdempotencyRecord r SET r.status = :status, r.location = :location,"
                                        + " r.body = :body WHERE r.id = :id AND r.claimToken = :token AND r.status = 0")
                        .setParameter("status", status)
                        .setParameter("location", location)
                        .setParameter("body", body)
                        .setParameter("id", id)
                        .setParameter("token", token)
                        .executeUpdate()
                == 1;
    }

    /**
     * Forgets a claim whose attempt failed in a way worth retrying (5xx), unless another attempt
     * has taken it over meanwhile.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean forget(String id, String token) {
        return entityManager
                        .createQuery(
                                "DELETE FROM IdempotencyRecord r"
                                        + " WHERE r.id = :id AND r.claimToken = :token AND r.status = 0")
                        .setParameter("id", id)
                        .setParameter("token", token)
                        .executeUpdate()
                == 1;
    }

    /**
     * Deletes up to {@code limit} records created before {@code cutoff}: completed ones, and claims
     * not renewed since then. Returns how many it deleted. A DELETE by criteria: two servers
     * purging at once delete each row once between them, and a row that changed after it was
     * selected is not deleted.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int purge(Instant cutoff, int limit) {
        List<String> ids =
                entityManager
                        .createQuery(
                                "SELECT r.id FROM IdempotencyRecord r WHERE " + PURGEABLE,
                                String.class)
                        .setParameter("cutoff", cutoff)
                        .setMaxResults(limit)
                        .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        return entityManager
                .createQuery("DELETE FROM IdempotencyRecord r WHERE r.id IN :ids AND " + PURGEABLE)
                .setParameter("ids", ids)
                .setParameter("cutoff", cutoff)
                .executeUpdate();
    }
}
