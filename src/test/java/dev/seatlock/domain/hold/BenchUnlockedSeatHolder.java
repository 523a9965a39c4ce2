package dev.seatlock.domain.hold;

import dev.seatlock.domain.BookingMetrics;
import dev.seatlock.domain.Identifiers;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.booking.SoldSeats;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.lock.LockLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BENCHMARK ONLY (test scope; never in the production WAR): exactly {@link SeatHolder#take}'s work
 * (read the sold seats, refuse sold ones, persist a {@link SeatHold}) but without
 * {@code @SeatLocked} and without a Redis lease: the lease is built locally (a random 128-bit owner
 * token as the lock makes, fencing token 1). {@code scripts/run-benchmarks.sh} adds it to a copy of
 * the WAR so that the load driver can measure what the lock costs. It does NOT keep seats
 * exclusive: two buyers can hold the same seat.
 */
@ApplicationScoped
public class BenchUnlockedSeatHolder {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SoldSeats soldSeats;
    private final Holds holds;
    private final BookingMetrics metrics;

    @Inject
    public BenchUnlockedSeatHolder(SoldSeats soldSeats, Holds holds, BookingMetrics metrics) {
        this.soldSeats = soldSeats;
        this.holds = holds;
        this.metrics = metrics;
    }

    /** For CDI's proxy. */
    protected BenchUnlockedSeatHolder() {
        this(null, null, null);
    }

    @Transactional
    public SeatHold take(String owner, List<SeatId> seats, Duration holdTtl) {
        FlightId flight = seats.get(0).flight();
        Set<SeatCode> sold = soldSeats.soldSeats(flight);
        List<SeatCode> taken = seats.stream().map(SeatId::seat).filter(sold::contains).toList();
        if (!taken.isEmpty()) {
            throw new SeatsUnavailableException(taken);
        }
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        Map<String, Long> fencing = new LinkedHashMap<>();
        for (SeatId seat : seats) {
            // Not 0 (LockLease.NO_FENCING_TOKEN): SeatHold records one real token per seat.
            fencing.put(seat.lockKey(), 1L);
        }
        LockLease lease =
                new LockLease(
                        Base64.getUrlEncoder().withoutPadding().encodeToString(token),
                        fencing,
                        holdTtl,
                        System.nanoTime() + holdTtl.toNanos());
        Instant now = Instant.now();
        SeatHold hold =
                new SeatHold(Identifiers.holdId(), owner, seats, lease, now, now.plus(holdTtl));
        holds.add(hold);
        metrics.holdCreated();
        return hold;
    }

    /**
     * {@link HoldService#release}'s work without the lock on the hold and without a Redis release.
     */
    @Transactional
    public void release(String owner, String holdId) {
        SeatHold hold =
                holds.find(holdId)
                        .filter(h -> h.isOwnedBy(owner))
                        .orElseThrow(() -> new NotFoundException("hold", holdId));
        if (hold.status() == HoldStatus.CONFIRMED) {
            throw new HoldAlreadyConfirmedException(
                    "Hold " + holdId + " is already confirmed; cancel the booking instead");
        }
        if (hold.status() == HoldStatus.ACTIVE) {
            hold.markReleased();
            metrics.holdReleased();
        }
    }
}
