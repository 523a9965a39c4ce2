package dev.seatlock.booking;

import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.lock.SeatLocked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns a hold into a booking: authorize the card, write the booking while the hold still owns its
 * seats, then capture. If the write is refused, the authorization is voided and the buyer is told the
 * hold expired: a buyer is charged exactly when a booking exists.
 *
 * <p>{@link SeatLocked} on the {@link HoldKey} lets one confirmation of a hold run at a time, on any
 * server; a second one is refused at once.
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
    private final Duration pauseBeforeWrite;

    @Inject
    public CheckoutService(HoldService holdService, FlightCatalog catalog, PaymentGateway payments, BookingLedger ledger,
                           LockService locks, BookingMetrics metrics,
                           @ConfigProperty(name = "seatlock.checkout.pause-before-write", defaultValue = "PT0S")
                           Duration pauseBeforeWrite) {
        this.holdService = holdService;
        this.catalog = catalog;
        this.payments = payments;
        this.ledger = ledger;
        this.locks = locks;
        this.metrics = metrics;
        this.pauseBeforeWrite = pauseBeforeWrite;
    }

    /** For CDI's proxy. */
    protected CheckoutService() {
        this(null, null, null, null, null, null, Duration.ZERO);
    }

    /**
     * @throws NotFoundException              no such hold for this buyer
     * @throws HoldExpiredException           the hold expired (before or during payment)
     * @throws HoldAlreadyConfirmedException  the hold was already confirmed
     * @throws PaymentDeclinedException       the card was declined; the hold stays
     * @throws InvalidRequestException        passengers do not match the held seats
     */
    @SeatLocked(lease = "PT30S", waitTime = "PT0S")
    public Booking confirm(String owner, HoldKey key, List<Passenger> passengers, PaymentCard card) {
        SeatHold hold = holdService.activeHold(owner, key.holdId());
        if (hold.status() == HoldStatus.CONFIRMED) {
            throw new HoldAlreadyConfirmedException("Hold " + hold.id() + " is already confirmed");
        }
        Passengers.requireOnePerSeat(passengers, hold.seats());
        Flight flight = catalog.flight(hold.flightId());
        BigDecimal total = hold.seats().stream().map(seat -> flight.fareFor(seat.seat())).reduce(BigDecimal.ZERO, BigDecimal::add);

        PaymentAuthorization authorization = payments.authorize(hold.id(), new Money(total, flight.currency()), card);
        Booking booking;
        try {
            pauseBeforeWrite();
            booking = ledger.record(hold.id(), passengers, authorization);
        } catch (LeaseLostException | StaleFencingTokenException | TransactionalException e) {
            voidQuietly(authorization);
            if (e instanceof StaleFencingTokenException) {
                metrics.staleWriteRefused();
            }
            metrics.holdExpired();
            throw new HoldExpiredException("Hold " + hold.id() + " expired before payment completed; the seats may have"
                    + " been sold to someone else. Nothing was charged", true);
        } catch (PersistenceException e) {
            voidQuietly(authorization);
            throw new SeatsUnavailableException(hold.seats().stream().map(SeatId::seat).toList());
        } catch (RuntimeException e) {
            voidQuietly(authorization);
            throw e;
        }
        metrics.holdConfirmed();
        releaseQuietly(hold);
        payments.capture(authorization);
        return booking;
    }

    private void pauseBeforeWrite() {
        if (pauseBeforeWrite.isZero()) {
            return;
        }
        try {
            Thread.sleep(pauseBeforeWrite.toMillis());
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
