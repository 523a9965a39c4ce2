package dev.seatlock.domain.hold;

import dev.seatlock.domain.BookingMetrics;
import dev.seatlock.domain.Identifiers;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.infrastructure.persistence.FlightRepository;
import dev.seatlock.infrastructure.persistence.HoldRepository;
import dev.seatlock.lock.LeaseTime;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.SeatLockContext;
import dev.seatlock.lock.SeatLocked;
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

    private final FlightRepository flights;
    private final HoldRepository holds;
    private final SeatLockContext lockContext;
    private final BookingMetrics metrics;

    @Inject
    public SeatHolder(
            FlightRepository flights,
            HoldRepository holds,
            SeatLockContext lockContext,
            BookingMetrics metrics) {
        this.flights = flights;
        this.holds = holds;
        this.lockContext = lockContext;
        this.metrics = metrics;
    }

    /** For CDI's proxy. */
    protected SeatHolder() {
        this.flights = null;
        this.holds = null;
        this.lockContext = null;
        this.metrics = null;
    }

    /**
     * @param seats seats of one flight, distinct, checked against its layout
     * @param holdTtl how long the hold keeps the seats
     * @throws SeatsUnavailableException when a seat is sold
     * @throws dev.seatlock.lock.LockNotAcquiredException when a seat is held by someone else
     */
    @SeatLocked(waitTime = "PT0S", checkAtCommit = false)
    @Transactional
    public SeatHold take(String owner, List<SeatId> seats, @LeaseTime Duration holdTtl) {
        FlightId flight = seats.get(0).flight();
        Set<SeatCode> sold = flights.soldSeats(flight);
        List<SeatCode> taken = seats.stream().map(SeatId::seat).filter(sold::contains).toList();
        if (!taken.isEmpty()) {
            throw new SeatsUnavailableException(taken);
        }
        LockLease lease = lockContext.retain();
        // The lease's deadline counts from before Redis took the seats: the time shown never
        // outlasts the lease Redis keeps.
        Instant now = Instant.now();
        Instant expiresAt = now.plus(lease.remaining());
        SeatHold hold = new SeatHold(Identifiers.holdId(), owner, seats, lease, now, expiresAt);
        holds.add(hold);
        metrics.holdCreated();
        return hold;
    }
}
