package dev.seatlock.booking;

import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.lock.SeatLocked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import dev.seatlock.infrastructure.persistence.DatabaseOutages;
import org.eclipse.microprofile.config.Config;

/**
 * Turns a hold into a booking: authorize the card, write the booking while the hold still owns its
 * seats, then capture. If the write is refused, the authorization is voided and the buyer is told the
 * hold expired: a buyer is charged exactly when a booking exists.
 *
 * <p>{@link SeatLocked} on the {@link HoldKey} lets one confirmation of a hold run at a time, on any
 * server; a second one is refused at once.
 *
 * <p>The test hook {@code seatlock.checkout.pause-before-write} (a duration, default zero) sleeps between
 * authorization and the write, like a long GC pause. It is read from MicroProfile Config on every
 * confirmation, so a test can switch it on for one buyer (a system property in the server) and off again.
 */
@ApplicationScoped
public class CheckoutService {

    private static final Logger LOG = Logger.getLogger(CheckoutService.class.getName());

    private final HoldService holdService;
    private final FlightCatalog catalog;
    private final PaymentGateway payments;
    private final BookingLedger ledger;
    private final LockService locks;
    private final BookingMetrics metrics;
    private final Config config;

    @Inject
    public CheckoutService(HoldService holdService, FlightCatalog catalog, PaymentGateway payments, BookingLedger ledger,
                           LockService locks, BookingMetrics metrics, Config config) {
        this.holdService = holdService;
        this.catalog = catalog;
        this.payments = payments;
        this.ledger = ledger;
        this.locks = locks;
        this.metrics = metrics;
        this.config = config;
    }

    /** For CDI's proxy. */
    protected CheckoutService() {
        this(null, null, null, null, null, null, null);
    }

    /**
     * @throws NotFoundException              no such hold for this buyer
     * @throws HoldExpiredException           the hold expired (before or during payment)
     * @throws HoldAlreadyConfirmedException  the hold was already confirmed
     * @throws PaymentDeclinedException       the card was declined; the hold stays
     * @throws InvalidRequestException        passengers do not match the held seats
     * @throws BookingStoreUnavailableException the database did not answer while writing; nothing charged
     */
    @SeatLocked(lease = "PT30S", waitTime = "PT0S", fenced = false)
    public Booking confirm(String owner, HoldKey key, List<Passenger> passengers, PaymentCard card) {
        SeatHold hold = holdService.activeHold(owner, key.holdId());
        if (hold.status() == HoldStatus.CONFIRMED) {
            throw new HoldAlreadyConfirmedException("Hold " + hold.id() + " is already confirmed");
        }
        Passengers.requireOnePerSeat(passengers, hold.seats());
        Flight flight = catalog.flight(hold.flightId());
        PaymentAuthorization authorization = payments.authorize(hold.id(), flight.priceOf(hold.seats()), card);
        Booking booking;
        try {
            pauseBeforeWrite();
            booking = ledger.record(hold.id(), passengers, authorization);
        } catch (RuntimeException e) {
            voidQuietly(authorization);
            throw refusal(hold, e);
        }
        metrics.holdConfirmed();
        releaseQuietly(hold);
        payments.capture(authorization);
        return booking;
    }

    /** What the buyer is told when the write failed; the authorization is voided already. */
    private RuntimeException refusal(SeatHold hold, RuntimeException e) {
        // First: a database that does not answer looks like any other persistence or commit failure.
        if (DatabaseOutages.causedBy(e)) {
            LOG.log(Level.WARNING, "Database unavailable while booking hold {0}; authorization voided", hold.id());
            return new BookingStoreUnavailableException("Booking is temporarily unavailable (the database does not"
                    + " answer); nothing was booked or charged. Try again later", e);
        }
        if (e instanceof LeaseLostException || e instanceof StaleFencingTokenException || e instanceof TransactionalException) {
            if (e instanceof StaleFencingTokenException) {
                metrics.staleWriteRefused();
            }
            metrics.holdExpired();
            return new HoldExpiredException("Hold " + hold.id() + " expired before payment completed; the seats may have"
                    + " been sold to someone else. Nothing was charged", true);
        }
        if (e instanceof PersistenceException) {
            return new SeatsUnavailableException(hold.seats().stream().map(SeatId::seat).toList());
        }
        return e;
    }

    private void pauseBeforeWrite() {
        Duration pause = config.getOptionalValue("seatlock.checkout.pause-before-write", Duration.class)
                .orElse(Duration.ZERO);
        if (pause.isZero() || pause.isNegative()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void voidQuietly(PaymentAuthorization authorization) {
        payments.voidAuthorization(authorization);
        metrics.paymentVoided();
    }

    /** The seats are sold now; their lease only has to go. If Redis is away it runs out by itself. */
    private void releaseQuietly(SeatHold hold) {
        try {
            locks.release(hold.lease());
        } catch (LockStoreUnavailableException e) {
            LOG.log(Level.WARNING, "Could not release the lease of confirmed hold {0}; it will expire", hold.id());
        }
    }
}
