package dev.seatlock.domain.hold;

import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.lock.LockLease;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A buyer's temporary claim on seats of one flight while payment is pending.
 *
 * <p>The claim itself is the Redis lease on every seat; this row records who holds it, the lease's
 * owner token and fencing tokens (so any server can confirm or release it), and when it expires.
 * When the lease runs out the seats are for sale again whatever this row says: no sweeper is
 * needed.
 */
@Entity
@Table(name = "SEAT_HOLD")
public class SeatHold {

    @Id
    @Column(name = "ID", length = 32)
    private String id;

    @Column(name = "OWNER", length = 64, nullable = false)
    private String owner;

    @Column(name = "FLIGHT_ID", length = 6, nullable = false)
    private String flightId;

    /** Seat codes, comma separated, in the order of the fencing tokens. */
    @Column(name = "SEATS", length = 64, nullable = false)
    private String seats;

    @Column(name = "LEASE_OWNER_TOKEN", length = 64, nullable = false)
    private String leaseOwnerToken;

    /** Fencing tokens, comma separated, one per seat. */
    @Column(name = "FENCING_TOKENS", length = 400, nullable = false)
    private String fencingTokens;

    @Column(name = "LEASE_MILLIS", nullable = false)
    private long leaseMillis;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private Instant expiresAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", length = 12, nullable = false)
    private HoldStatus status;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected SeatHold() {
        // for JPA
    }

    public SeatHold(
            String id,
            String owner,
            List<SeatId> seats,
            LockLease lease,
            Instant createdAt,
            Instant expiresAt) {
        this.id = id;
        this.owner = owner;
        this.flightId = seats.get(0).flight().value();
        this.seats =
                seats.stream().map(seat -> seat.seat().value()).collect(Collectors.joining(","));
        this.leaseOwnerToken = lease.ownerToken();
        this.fencingTokens =
                seats.stream()
                        .map(seat -> String.valueOf(lease.fencingToken(seat.lockKey())))
                        .collect(Collectors.joining(","));
        this.leaseMillis = lease.leaseTime().toMillis();
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.status = HoldStatus.ACTIVE;
    }

    public String id() {
        return id;
    }

    public String owner() {
        return owner;
    }

    public FlightId flightId() {
        return new FlightId(flightId);
    }

    public List<SeatId> seats() {
        FlightId flight = flightId();
        return Arrays.stream(seats.split(","))
                .map(code -> new SeatId(flight, new SeatCode(code)))
                .toList();
    }

    /** Each held seat with the fencing token its lease was given, in the hold's seat order. */
    public Map<SeatId, Long> fencingTokens() {
        List<SeatId> seatIds = seats();
        String[] tokens = fencingTokens.split(",");
        Map<SeatId, Long> bySeat = new LinkedHashMap<>();
        for (int i = 0; i < seatIds.size(); i++) {
            bySeat.put(seatIds.get(i), Long.parseLong(tokens[i]));
        }
        return bySeat;
    }

    /**
     * The Redis lease this hold was given, rebuilt from the row. Its local deadline is unknown on
     * another server and is set from {@link #expiresAt()}; Redis decides whether it is still held.
     */
    public LockLease lease() {
        Map<String, Long> byKey = new LinkedHashMap<>();
        fencingTokens().forEach((seat, token) -> byKey.put(seat.lockKey(), token));
        long nanosLeft = Duration.between(Instant.now(), expiresAt).toNanos();
        return new LockLease(
                leaseOwnerToken,
                byKey,
                Duration.ofMillis(leaseMillis),
                System.nanoTime() + nanosLeft);
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public HoldStatus status() {
        return status;
    }

    public boolean isOwnedBy(String candidate) {
        return owner.equals(candidate);
    }

    void markReleased() {
        status = HoldStatus.RELEASED;
    }

    void markRefused() {
        status = HoldStatus.REFUSED;
    }

    public void markConfirmed() {
        status = HoldStatus.CONFIRMED;
    }
}
