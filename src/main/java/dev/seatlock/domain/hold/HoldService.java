package dev.seatlock.domain.hold;

import dev.seatlock.domain.BookingMetrics;
import dev.seatlock.domain.Identifiers;
import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.flight.Flight;
import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatChange;
import dev.seatlock.domain.flight.SeatChanges;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.lock.OutsideLease;
import dev.seatlock.lock.SeatLocked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Holds seats for a buyer, shows a hold, and lets the buyer give it up. */
@ApplicationScoped
public class HoldService {

    private static final Logger LOG = Logger.getLogger(HoldService.class.getName());

    private final FlightCatalog catalog;
    private final SeatHolder seatHolder;
    private final Holds holds;
    private final LockService locks;
    private final BookingMetrics metrics;
    private final HoldSettings settings;
    private final SeatChanges seatChanges;
    private final HeldSeats heldSeats;

    @Inject
    public HoldService(
            FlightCatalog catalog,
            SeatHolder seatHolder,
            Holds holds,
            LockService locks,
            BookingMetrics metrics,
            HoldSettings settings,
            SeatChanges seatChanges,
            HeldSeats heldSeats) {
        this.catalog = catalog;
        this.seatHolder = seatHolder;
        this.holds = holds;
        this.locks = locks;
        this.metrics = metrics;
        this.settings = settings;
        this.seatChanges = seatChanges;
        this.heldSeats = heldSeats;
    }

    /** For CDI's proxy. */
    protected HoldService() {
        this(null, null, null, null, null, null, null, null);
    }

    /**
     * Holds the seats, all or none, for {@code holdFor} or the configured hold time, if the owner's
     * allowances leave room for them: the seats are first reserved against every allowance ({@link
     * HeldSeats}), then locked; a hold that fails gives its reservation back.
     *
     * @param allowances the caps on seats held at once this hold counts against (the partner's, the
     *     browser's; see {@code dev.seatlock.limits.LimitSettings})
     * @throws HeldSeatLimitException an allowance would be exceeded; nothing is held
     * @throws NotFoundException unknown flight
     * @throws InvalidRequestException no seats, too many, duplicates, or a seat the aircraft lacks
     * @throws SeatsUnavailableException some seats are held or sold; names them
     */
    public SeatHold hold(
            String owner,
            FlightId flightId,
            List<SeatCode> seatCodes,
            Optional<Duration> holdFor,
            List<SeatAllowance> allowances) {
        Duration ttl = settings.ttlFor(holdFor);
        if (seatCodes.isEmpty() || seatCodes.size() > HoldSettings.MAX_SEATS) {
            throw new InvalidRequestException(
                    "seats", "Choose between 1 and " + HoldSettings.MAX_SEATS + " seats");
        }
        if (new HashSet<>(seatCodes).size() != seatCodes.size()) {
            throw new InvalidRequestException("seats", "Each seat can be chosen only once");
        }
        Flight flight = catalog.flight(flightId);
        List<SeatId> seats = seatCodes.stream().map(flight::seat).toList();
        String holdId = Identifiers.holdId();
        // Reserve, then lock: the count is exact across servers even though the owner's keys are in
        // another Cluster slot than the seats'. The reservation lapses with the longest lease the
        // hold can have, should this server die before the hold is written or given back.
        boolean reserved =
                reserve(holdId, seats.size(), allowances, ttl.plus(SeatHolder.RESERVATION_MARGIN));
        boolean held = false;
        try {
            SeatHold hold = seatHolder.take(holdId, owner, seats, ttl);
            held = true;
            announce(hold, SeatChange.Kind.HELD);
            return hold;
        } catch (LockNotAcquiredException e) {
            Set<String> heldKeys = Set.copyOf(e.heldKeys());
            List<SeatCode> taken =
                    seats.stream()
                            .filter(seat -> heldKeys.contains(seat.lockKey()))
                            .map(SeatId::seat)
                            .toList();
            throw new SeatsUnavailableException(taken.isEmpty() ? seatCodes : taken);
        } finally {
            if (!held && reserved) {
                heldSeats.giveBack(holdId);
            }
        }
    }

    /**
     * Reserves the seats against the owner's caps; false when the caps' Redis does not answer. Then
     * the lock decides: on one Redis it fails the same way (503, nothing held), and under Redlock,
     * whose caps live on the first Redis only, a majority may still hold the seats, and a cap is no
     * reason to refuse a sale the lock allows (README "Abuse limits").
     */
    private boolean reserve(
            String holdId, int seatCount, List<SeatAllowance> allowances, Duration lapseAfter) {
        try {
            heldSeats.reserve(holdId, seatCount, allowances, lapseAfter);
            return true;
        } catch (LockStoreUnavailableException e) {
            LOG.log(
                    Level.WARNING,
                    "Held-seat caps not checked for hold {0}: {1}; the lock decides alone",
                    new Object[] {holdId, e.getMessage()});
            return false;
        }
    }

    /**
     * The buyer's hold, still valid.
     *
     * @throws NotFoundException no such hold for this buyer
     * @throws HoldExpiredException its lease ran out, or the buyer released it
     */
    public SeatHold activeHold(String owner, String holdId) {
        SeatHold hold = find(owner, holdId);
        switch (hold.status()) {
            case RELEASED ->
                    throw new HoldExpiredException(
                            "Hold " + holdId + " was released; choose seats again", false);
            case REFUSED ->
                    throw new HoldExpiredException(
                            "Hold "
                                    + holdId
                                    + " ended when its confirmation was refused;"
                                    + " its seats are for sale again",
                            false);
            case CONFIRMED -> {
                return hold;
            }
            default -> {
                // Redis' word only: the lease decides, never this server's clock against expiresAt.
                if (!locks.isHeld(hold.lease())) {
                    metrics.holdExpired();
                    throw new HoldExpiredException(
                            "Hold "
                                    + holdId
                                    + " expired at "
                                    + hold.expiresAt()
                                    + "; its seats are for sale again",
                            false);
                }
                return hold;
            }
        }
    }

    /** The buyer's hold in whatever state it is. */
    public SeatHold find(String owner, String holdId) {
        return holds.find(holdId)
                .filter(hold -> hold.isOwnedBy(owner))
                .orElseThrow(() -> new NotFoundException("hold", holdId));
    }

    /** Whether the hold's lease still owns every seat, by Redis' word. */
    public boolean leaseHeld(SeatHold hold) {
        return locks.isHeld(hold.lease());
    }

    /**
     * The seats of a confirmed hold are sold now; their lease only has to go. If Redis is away it
     * runs out by itself.
     */
    public void releaseSold(SeatHold hold) {
        heldSeats.giveBack(hold.id());
        try {
            locks.release(hold.lease());
        } catch (LockStoreUnavailableException e) {
            LOG.log(
                    Level.WARNING,
                    "Could not release the lease of confirmed hold {0}; it will expire",
                    hold.id());
        }
    }

    /**
     * Ends a hold whose confirmation was refused for good (its lease lost, a newer holder, the seat
     * taken): gives back the seats it still owns at once, instead of at the end of the hold time,
     * and marks it over, so that it reads 410 everywhere.
     */
    @OutsideLease
    @Transactional(TxType.REQUIRES_NEW)
    public void endRefused(SeatHold refused) {
        // Compare-and-delete: only the keys this hold still owns, never a newer holder's.
        releaseSold(refused);
        holds.find(refused.id())
                .filter(hold -> hold.status() == HoldStatus.ACTIVE)
                .ifPresent(
                        hold -> {
                            hold.markRefused();
                            holds.save(hold);
                        });
        announce(refused, SeatChange.Kind.RELEASED);
    }

    /**
     * Gives the seats back at once. Releasing a hold that expired or was released already is not an
     * error; a confirmed hold cannot be released (cancel its booking instead).
     *
     * <p>The confirmation lock is checked at commit by this server's clock only: the seats' lease
     * is deleted before the commit, so a confirmation that slipped in after the lock was lost would
     * find the lease gone and be refused.
     */
    @SeatLocked(fenced = false, checkAtCommit = false)
    @Transactional
    public void release(String owner, HoldKey key) {
        SeatHold hold = find(owner, key.holdId());
        if (hold.status() == HoldStatus.CONFIRMED) {
            throw new HoldAlreadyConfirmedException(
                    "Hold " + key.holdId() + " is already confirmed; cancel the booking instead");
        }
        if (hold.status() == HoldStatus.ACTIVE) {
            locks.release(hold.lease());
            hold.markReleased();
            holds.save(hold);
            metrics.holdReleased();
            heldSeats.giveBack(hold.id());
        }
    }

    /**
     * Ends a hold on which too many cards were declined (card testing, README "Abuse limits"):
     * gives its seats back at once and marks it released, so that it reads 410 everywhere. Called
     * from a confirmation, which holds the hold's confirmation lock already.
     */
    @OutsideLease
    @Transactional(TxType.REQUIRES_NEW)
    public void endAfterDeclines(SeatHold declined) {
        releaseSold(declined);
        holds.find(declined.id())
                .filter(hold -> hold.status() == HoldStatus.ACTIVE)
                .ifPresent(
                        hold -> {
                            hold.markReleased();
                            // Found through a repository, so detached: saved, or nothing is
                            // written.
                            holds.save(hold);
                            metrics.holdReleased();
                        });
        announce(declined, SeatChange.Kind.RELEASED);
    }

    /** The hold's seats changed hands: every server's seat maps read them again. */
    public void announce(SeatHold hold, SeatChange.Kind kind) {
        seatChanges.announce(
                new SeatChange(
                        hold.flightId(), kind, hold.seats().stream().map(SeatId::seat).toList()));
    }
}
