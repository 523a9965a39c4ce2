package dev.seatlock.api;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The first answer given to a request with an {@code Idempotency-Key}. The primary key (partner,
 * key) makes two concurrent first attempts collide in the database, so only one of them runs.
 *
 * <p>While the attempt runs (status 0) the record is a claim held by {@link #claimToken}, since
 * {@link #claimedAt}. A claim older than {@code seatlock.api.idempotency.claim-timeout} was left by
 * a server that died; a retry takes it over with a new token, and only the token's holder may then
 * complete or forget it. Records are purged {@code seatlock.api.idempotency.retention} after {@link
 * #createdAt}; see {@link IdempotencyPurge}.
 */
@Entity
@Table(
        name = "IDEMPOTENCY_RECORD",
        indexes = @Index(name = "IDEMPOTENCY_CREATED_AT", columnList = "CREATED_AT"))
public class IdempotencyRecord {

    /** Owner and key, e.g. {@code partner:alpha|3f1c...}. */
    @Id
    @Column(name = "ID", length = 200)
    private String id;

    /** SHA-256 of method, path and body: the same key with another request is refused. */
    @Column(name = "FINGERPRINT", length = 64, nullable = false)
    private String fingerprint;

    /** 0 while the first attempt is still running. */
    @Column(name = "STATUS", nullable = false)
    private int status;

    @Column(name = "LOCATION", length = 300)
    private String location;

    @Lob
    @Column(name = "BODY")
    private String body;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    /**
     * When the running attempt claimed the key. Null only in rows from before the column existed.
     */
    @Column(name = "CLAIMED_AT")
    private Instant claimedAt;

    /** The running attempt's claim; a random UUID. */
    @Column(name = "CLAIM_TOKEN", length = 36)
    private String claimToken;

    protected IdempotencyRecord() {
        // for JPA
    }

    IdempotencyRecord(String id, String fingerprint, Instant createdAt, String claimToken) {
        this.id = id;
        this.fingerprint = fingerprint;
        this.createdAt = createdAt;
        this.claimedAt = createdAt;
        this.claimToken = claimToken;
    }

    String fingerprint() {
        return fingerprint;
    }

    boolean isComplete() {
        return status != 0;
    }

    int status() {
        return status;
    }

    String location() {
        return location;
    }

    String body() {
        return body;
    }

    /** Whether the running attempt claimed the key before {@code cutoff}: it is presumed dead. */
    boolean isClaimedBefore(Instant cutoff) {
        return (claimedAt == null ? createdAt : claimedAt).isBefore(cutoff);
    }
}
