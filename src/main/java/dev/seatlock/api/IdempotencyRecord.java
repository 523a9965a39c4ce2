package dev.seatlock.api;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The first answer given to a request with an {@code Idempotency-Key}. The primary key (partner, key)
 * makes two concurrent first attempts collide in the database, so only one of them runs.
 */
@Entity
@Table(name = "IDEMPOTENCY_RECORD")
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

    protected IdempotencyRecord() {
        // for JPA
    }

    IdempotencyRecord(String id, String fingerprint, Instant createdAt) {
        this.id = id;
        this.fingerprint = fingerprint;
        this.createdAt = createdAt;
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

    void complete(int status, String location, String body) {
        this.status = status;
        this.location = location;
        this.body = body;
    }
}
