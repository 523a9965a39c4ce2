package dev.seatlock.domain.hold;

import dev.seatlock.domain.BookingMetrics;
import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.flight.Flight;
import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.infrastructure.persistence.HoldRepository;
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
    private final HoldRepository holds;
    private final LockService locks;
    private final BookingMetrics metrics;
    private final HoldSettings settings;

    @Inject
    public HoldService(
            FlightCatalog catalog,
            SeatHolder seatHolder,
            HoldRepository holds,
            LockService locks,
            BookingMetrics metrics,
            HoldSettings settings) {
        this.catalog = catalog;
        this.seatHolder = seatHolder;
        this.holds = holds;
        this.locks = locks;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** For CDI's proxy. */
    protected HoldService() {
        this(null, null, null, null, null, null);
    }

    /** Holds the seats, all or none, for the configured hold time. */
    public SeatHold hold(String owner, FlightId flightId, List<SeatCode> seatCodes) {
        return hold(owner, flightId, seatCodes, Optional.empty());
    }

    /**
     * Holds the seats, all or none, for {@code holdFor} or the configured hold time.
     *
     * @throws NotFoundException unknown flight
     * @throws InvalidRequestException no seats, too many, duplicates, or a seat the aircraft lacks
     * @throws SeatsUnavailableException some seats are held or sold; names them
     */
    public SeatHold hold(
            String owner, FlightId flightId, List<SeatCode> seatCodes, Optional<Duration> holdFor) {
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
        try {
            return seatHolder.take(owner, seats, ttl);
        } catch (LockNotAcquiredException e) {
            Set<String> heldKeys = Set.copyOf(e.heldKeys());
            List<SeatCode> taken =
                    seats.stream()
                            .filter(seat -> heldKeys.contains(seat.lockKey()))
                            .map(SeatId::seat)
                            .toList();
            throw new SeatsUnavailableException(taken.isEmpty() ? seatCodes : taken);
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
                .ifPresent(SeatHold::markRefused);
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
            metrics.holdReleased();
        }
    }
}
