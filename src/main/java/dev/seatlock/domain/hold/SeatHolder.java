package dev.seatlock.domain.hold;

import dev.seatlock.domain.BookingMetrics;
import dev.seatlock.domain.booking.SoldSeats;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.lock.LeaseTime;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.SeatLockContext;
import dev.seatlock.lock.SeatLocked;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Takes a hold: the one place where seats change hands. {@link SeatLocked} locks every seat in one
 * all-or-nothing step before the transaction starts, with the hold's own lease ({@link LeaseTime}):
 * one Redis round trip for the whole hold. Inside it, no seat may be sold, and the lease is then
 * kept for the hold's lifetime. If anything fails the lease is released and nothing is written.
 *
 * <p>Its commit asks this server's clock, not Redis, whether the lease still holds ({@code
 * checkAtCommit = false}): the lease was taken milliseconds ago for minutes, and a hold whose lease
 * Redis lost anyway (restarted empty) is refused where it matters, at its confirmation, which asks
 * Redis for the lease and checks the seats' fencing tokens in the database.
 */
@ApplicationScoped
public class SeatHolder {

    /**
     * How much longer than the hold's time a reservation of held seats ({@link HeldSeats}) lasts:
     * the lease is taken with the hold's time at the acquire, and the hold's write follows within
     * moments, so this margin keeps the reservation from lapsing before the lease.
     */
    static final Duration RESERVATION_MARGIN = Duration.ofSeconds(15);

    private final SoldSeats soldSeats;
    private final Holds holds;
    private final SeatLockContext lockContext;
    private final BookingMetrics metrics;

    @Inject
    public SeatHolder(
            SoldSeats soldSeats, Holds holds, SeatLockContext lockContext, BookingMetrics metrics) {
        this.soldSeats = soldSeats;
        this.holds = holds;
        this.lockContext = lockContext;
        this.metrics = metrics;
    }

    /** For CDI's proxy. */
    protected SeatHolder() {
        this.soldSeats = null;
        this.holds = null;
        this.lockContext = null;
        this.metrics = null;
    }

    /**
     * @param holdId the new hold's id, chosen by the caller (its held seats are reserved under it)
     * @param seats seats of one flight, distinct, checked against its layout
     * @param holdTtl how long the hold keeps the seats
     * @throws SeatsUnavailableException when a seat is sold
     * @throws dev.seatlock.lock.LockNotAcquiredException when a seat is held by someone else
     */
    @SeatLocked(waitTime = "PT0S", checkAtCommit = false)
    @WithSpan("hold write")
    @Transactional
    public SeatHold take(
            String holdId, String owner, List<SeatId> seats, @LeaseTime Duration holdTtl) {
        FlightId flight = seats.get(0).flight();
        Set<SeatCode> sold = soldSeats.soldSeats(flight);
        List<SeatCode> taken = seats.stream().map(SeatId::seat).filter(sold::contains).toList();
        if (!taken.isEmpty()) {
            throw new SeatsUnavailableException(taken);
        }
        LockLease lease = lockContext.retain();
        // The lease's deadline counts from before Redis took the seats: the time shown never
        // outlasts the lease Redis keeps.
        Instant now = Instant.now();
        Instant expiresAt = now.plus(lease.remaining());
        SeatHold hold = new SeatHold(holdId, owner, seats, lease, now, expiresAt);
        holds.add(hold);
        metrics.holdCreated();
        return hold;
    }
}
