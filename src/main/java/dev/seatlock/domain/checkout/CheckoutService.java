package dev.seatlock.domain.checkout;

import dev.seatlock.domain.BookingMetrics;
import dev.seatlock.domain.DatabaseFailures;
import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.Money;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.booking.Booking;
import dev.seatlock.domain.booking.BookingLedger;
import dev.seatlock.domain.booking.BookingOutcomeUnknownException;
import dev.seatlock.domain.booking.BookingStoreUnavailableException;
import dev.seatlock.domain.booking.Passenger;
import dev.seatlock.domain.booking.Passengers;
import dev.seatlock.domain.flight.Flight;
import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.SeatChange;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.domain.hold.HoldAlreadyConfirmedException;
import dev.seatlock.domain.hold.HoldExpiredException;
import dev.seatlock.domain.hold.HoldKey;
import dev.seatlock.domain.hold.HoldService;
import dev.seatlock.domain.hold.HoldStatus;
import dev.seatlock.domain.hold.SeatHold;
import dev.seatlock.domain.hold.SeatsUnavailableException;
import dev.seatlock.domain.hold.StaleFencingTokenException;
import dev.seatlock.domain.payment.Payment;
import dev.seatlock.domain.payment.Payment.GatewayOperation;
import dev.seatlock.domain.payment.PaymentAttemptClosedException;
import dev.seatlock.domain.payment.PaymentAuthorization;
import dev.seatlock.domain.payment.PaymentCard;
import dev.seatlock.domain.payment.PaymentDeclinedException;
import dev.seatlock.domain.payment.PaymentGateway;
import dev.seatlock.domain.payment.PaymentLedger;
import dev.seatlock.domain.payment.PaymentReconciler;
import dev.seatlock.domain.payment.PaymentState;
import dev.seatlock.limits.LimitSettings;
import dev.seatlock.limits.Strikes;
import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.lock.SeatLocked;
import dev.seatlock.profile.RuntimeProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Turns a hold into a booking the way payment systems do, every step durable: record the payment
 * (PENDING), authorize the card, write the booking and the payment's state in one transaction while
 * the hold still owns its seats, then capture. A buyer is charged exactly when a booking exists:
 *
 * <ul>
 *   <li>the write failed: whether it committed is read back under the payment's row lock before
 *       anything is decided. Committed: captured, 201. Not committed: voided, refused. The database
 *       cannot tell: 503 outcome unknown, nothing voided, the {@link PaymentReconciler} settles it;
 *   <li>the capture failed, or the server died before it: the payment stays AUTHORIZED with its
 *       booking and the reconciler, on any server, captures it with the same idempotency key.
 * </ul>
 *
 * <p>{@link SeatLocked} on the {@link HoldKey} lets one confirmation of a hold run at a time, on
 * any server; a second one is refused at once. Its lease is checked at the booking's commit by this
 * server's clock only ({@code checkAtCommit = false}): the commit asks Redis for the hold's lease,
 * which is what protects the sale, and a second confirmation that slipped in after the lock was
 * lost to a Redis restart would meet the database's unique seats and its payment would be voided.
 *
 * <p>The test hook {@code seatlock.checkout.pause-before-write} (a duration, default zero) sleeps
 * between authorization and the write, like a long GC pause. It is read from MicroProfile Config on
 * every confirmation, so a test can switch it on for one buyer (a system property in the server)
 * and off again. Only in the test profile: every other profile ignores it ({@link #testPause}).
 */
@ApplicationScoped
public class CheckoutService {

    private static final Logger LOG = Logger.getLogger(CheckoutService.class.getName());

    /**
     * Tries of one attempt (retries with the same key after a failure that settled it without a
     * booking).
     */
    private static final int MAX_ATTEMPTS = 5;

    private final HoldService holdService;
    private final FlightCatalog catalog;
    private final PaymentGateway gateway;
    private final PaymentLedger payments;
    private final BookingLedger ledger;
    private final BookingMetrics metrics;
    private final DatabaseFailures databaseFailures;
    private final Config config;
    private final Strikes strikes;
    private final LimitSettings limits;

    @Inject
    public CheckoutService(
            HoldService holdService,
            FlightCatalog catalog,
            PaymentGateway gateway,
            PaymentLedger payments,
            BookingLedger ledger,
            BookingMetrics metrics,
            DatabaseFailures databaseFailures,
            Config config,
            Strikes strikes,
            LimitSettings limits) {
        this.holdService = holdService;
        this.catalog = catalog;
        this.gateway = gateway;
        this.payments = payments;
        this.ledger = ledger;
        this.metrics = metrics;
        this.databaseFailures = databaseFailures;
        this.config = config;
        this.strikes = strikes;
        this.limits = limits;
    }

    /** For CDI's proxy. */
    protected CheckoutService() {
        this(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Confirms the hold, or answers what this very attempt did before (a retry after an unknown
     * outcome).
     *
     * @throws NotFoundException no such hold for this buyer
     * @throws HoldExpiredException the hold expired (before or during payment); its seats are free
     * @throws HoldAlreadyConfirmedException the hold was confirmed, by another attempt
     * @throws PaymentDeclinedException the card was declined; the hold stays
     * @throws InvalidRequestException passengers do not match the held seats
     * @throws SeatsUnavailableException the database refused a seat; the hold is over
     * @throws BookingStoreUnavailableException the database failed the write, and nothing was
     *     booked or charged
     * @throws BookingOutcomeUnknownException the write failed and the database could not say
     *     whether it committed
     */
    @SeatLocked(lease = "PT30S", waitTime = "PT0S", fenced = false, checkAtCommit = false)
    public Booking confirm(
            String owner,
            HoldKey key,
            List<Passenger> passengers,
            PaymentCard card,
            ConfirmationAttempt attempt) {
        SeatHold hold = holdService.activeHold(owner, key.holdId());
        List<ConfirmationAttempt> attempts = attempt.chain(MAX_ATTEMPTS);
        if (hold.status() == HoldStatus.CONFIRMED) {
            List<String> paymentIds =
                    attempts.stream().map(a -> Payment.idOf(hold.id(), a.key())).toList();
            return ledger.bookedWith(hold.id(), paymentIds)
                    .orElseThrow(
                            () ->
                                    new HoldAlreadyConfirmedException(
                                            "Hold " + hold.id() + " is already confirmed"));
        }
        Passengers.requireOnePerSeat(passengers, hold.seats());
        Flight flight = catalog.flight(hold.flightId());
        Payment payment = openPayment(hold, attempts, flight.priceOf(hold.seats()));
        PaymentAuthorization authorization;
        try {
            authorization = authorize(payment, card);
        } catch (PaymentDeclinedException declined) {
            throw countDecline(hold);
        }
        Booking booking;
        try {
            pauseBeforeWrite();
            booking = ledger.record(hold.id(), passengers, payment.id(), authorization);
        } catch (RuntimeException failure) {
            booking = bookingAfterFailedWrite(hold, payment, authorization, failure);
        }
        metrics.holdConfirmed();
        holdService.releaseSold(hold);
        holdService.announce(hold, SeatChange.Kind.SOLD);
        capture(payment, authorization);
        return booking;
    }

    /**
     * The attempt's payment; when a try of it was settled without a booking (voided after a
     * database failure), the next one of the chain, so that a retry with the same key can still
     * book.
     */
    private Payment openPayment(SeatHold hold, List<ConfirmationAttempt> attempts, Money price) {
        for (ConfirmationAttempt attempt : attempts) {
            Payment payment = payments.open(hold.id(), attempt.key(), price);
            if (!payment.isClosedWithoutBooking()) {
                return payment;
            }
        }
        throw new PaymentAttemptClosedException(
                Payment.idOf(hold.id(), attempts.get(attempts.size() - 1).key()),
                PaymentState.VOIDED);
    }

    private PaymentAuthorization authorize(Payment payment, PaymentCard card) {
        try {
            return gateway.authorize(
                    payment.gatewayKey(GatewayOperation.AUTHORIZE), payment.amount(), card);
        } catch (PaymentDeclinedException declined) {
            try {
                payments.declined(payment.id());
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Could not record the decline of payment {0}; the reconciler closes it",
                        payment.id());
            }
            throw declined;
        }
    }

    /**
     * One more declined card on this hold; the last one allowed ({@code
     * seatlock.limits.declines.per-hold}) releases the hold, so that a card tester cannot try card
     * after card on it. The answer never names the card.
     */
    private PaymentDeclinedException countDecline(SeatHold hold) {
        long declines;
        try {
            declines = strikes.add("hold:" + hold.id(), limits.declinesWindow()).strikes();
        } catch (LockStoreUnavailableException e) {
            // Redis went away between the confirmation lock and now: the decline stands uncounted.
            LOG.log(Level.WARNING, "Could not count a decline on hold {0}", hold.id());
            return new PaymentDeclinedException(
                    "The card was declined by its issuer and nothing was charged; use another card");
        }
        long left = limits.declinesPerHold() - declines;
        if (left > 0) {
            return new PaymentDeclinedException(
                    "The card was declined by its issuer and nothing was charged; use another card."
                            + " The hold stays until it expires"
                            + (left == 1
                                    ? ", unless one more card is declined"
                                    : " or " + left + " more cards are declined"));
        }
        LOG.log(
                Level.INFO,
                "Hold {0} released after {1} declined cards",
                new Object[] {hold.id(), declines});
        try {
            holdService.endAfterDeclines(hold);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Could not release hold {0} after its declines: {1}",
                    new Object[] {hold.id(), e.getMessage()});
        }
        return new HoldReleasedAfterDeclinesException(
                "The card was declined by its issuer and nothing was charged. After "
                        + declines
                        + " declined cards the hold was released and its seats are for sale again;"
                        + " hold seats again to retry");
    }

    /**
     * The write failed: find out whether it committed before deciding. Returns the booking when it
     * did; otherwise voids the authorization and throws what the buyer is told.
     */
    private Booking bookingAfterFailedWrite(
            SeatHold hold,
            Payment payment,
            PaymentAuthorization authorization,
            RuntimeException failure) {
        Optional<Booking> committed;
        try {
            committed = payments.bookingAfterFailedWrite(payment.id(), authorization);
        } catch (RuntimeException cannotTell) {
            metrics.bookingOutcomeUnknown();
            LOG.log(
                    Level.WARNING,
                    "Booking of hold {0} failed ({1}) and the database cannot say whether it committed;"
                            + " payment {2} is left to the reconciler",
                    new Object[] {hold.id(), failure, payment.id()});
            throw new BookingOutcomeUnknownException(
                    "We could not confirm whether your booking was made: the database"
                            + " stopped answering while it was written. You will not be charged for seats you did not get."
                            + " Retry with the same Idempotency-Key to learn the outcome",
                    failure);
        }
        if (committed.isPresent()) {
            metrics.commitInDoubtBooked();
            LOG.log(
                    Level.WARNING,
                    "Booking of hold {0} reported a failure ({1}) but had committed; capturing",
                    new Object[] {hold.id(), failure});
            return committed.get();
        }
        voidNow(payment, authorization);
        throw refusal(hold, failure);
    }

    /**
     * What the buyer is told when the write did not commit; the payment is voided already. The hold
     * ends only when it is really over (its lease lost or overtaken, the seat taken); any other
     * failure leaves it standing for a retry.
     */
    private RuntimeException refusal(SeatHold hold, RuntimeException e) {
        // First: a database that does not answer looks like any other persistence or commit
        // failure.
        if (databaseFailures.isOutage(e)) {
            LOG.log(
                    Level.WARNING,
                    "Database unavailable while booking hold {0}; authorization voided",
                    hold.id());
            return new BookingStoreUnavailableException(
                    "Booking is temporarily unavailable (the database does not"
                            + " answer); nothing was booked or charged. Try again later",
                    e);
        }
        Optional<RuntimeException> told =
                causeOf(
                        e,
                        HoldExpiredException.class,
                        HoldAlreadyConfirmedException.class,
                        PaymentAttemptClosedException.class,
                        NotFoundException.class);
        if (told.isPresent()) {
            return told.get();
        }
        boolean stale = causeOf(e, StaleFencingTokenException.class).isPresent();
        boolean leaseGone;
        try {
            leaseGone =
                    stale
                            || causeOf(e, LeaseLostException.class).isPresent()
                            || !holdService.leaseHeld(hold);
        } catch (LockStoreUnavailableException redisAway) {
            return redisAway;
        }
        if (leaseGone) {
            if (stale) {
                metrics.staleWriteRefused();
            }
            metrics.holdExpired();
            endRefused(hold);
            return new HoldExpiredException(
                    "Hold "
                            + hold.id()
                            + " expired before payment completed; the seats may have"
                            + " been sold to someone else. Nothing was charged",
                    true);
        }
        if (databaseFailures.isUniqueViolation(e)) {
            endRefused(hold);
            return new SeatsUnavailableException(hold.seats().stream().map(SeatId::seat).toList());
        }
        LOG.log(
                Level.WARNING,
                "Booking of hold " + hold.id() + " failed; authorization voided, the hold stands",
                e);
        return new BookingStoreUnavailableException(
                "Booking failed for now (the database refused the write); nothing"
                        + " was booked or charged and your seats are still held. Try again",
                e);
    }

    @SafeVarargs
    private static Optional<RuntimeException> causeOf(
            Throwable failure, Class<? extends RuntimeException>... types) {
        for (Throwable cause = failure;
                cause != null;
                cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<? extends RuntimeException> type : types) {
                if (type.isInstance(cause)) {
                    return Optional.of(type.cast(cause));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The seats go back now; if the database misses the mark, the released lease makes the hold
     * read expired anyway.
     */
    private void endRefused(SeatHold hold) {
        try {
            holdService.endRefused(hold);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Could not end refused hold {0}: {1}",
                    new Object[] {hold.id(), e.getMessage()});
        }
    }

    /**
     * Takes the money; if the gateway does not take it now, the payment stays AUTHORIZED for the
     * reconciler.
     */
    private void capture(Payment payment, PaymentAuthorization authorization) {
        try {
            gateway.capture(authorization, payment.gatewayKey(GatewayOperation.CAPTURE));
            payments.captured(payment.id());
            metrics.paymentCaptured();
        } catch (RuntimeException e) {
            metrics.captureDeferred();
            LOG.log(
                    Level.WARNING,
                    "Capture of payment {0} deferred to the reconciler: {1}",
                    new Object[] {payment.id(), e.getMessage()});
        }
    }

    /**
     * Voids an authorization already decided VOIDING; if the gateway does not answer, the
     * reconciler retries.
     */
    private void voidNow(Payment payment, PaymentAuthorization authorization) {
        try {
            gateway.voidAuthorization(authorization, payment.gatewayKey(GatewayOperation.VOID));
            payments.voided(payment.id());
            metrics.paymentVoided();
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Void of payment {0} deferred to the reconciler: {1}",
                    new Object[] {payment.id(), e.getMessage()});
        }
    }

    private void pauseBeforeWrite() {
        Duration pause = testPause(config);
        if (pause.isZero() || pause.isNegative()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The test hook's pause: {@code seatlock.checkout.pause-before-write} in the test profile, zero
     * in every other (a production server ignores the hook whatever it is set to).
     */
    static Duration testPause(Config config) {
        if (!RuntimeProfile.of(config).allowsTestHooks()) {
            return Duration.ZERO;
        }
        return config.getOptionalValue("seatlock.checkout.pause-before-write", Duration.class)
                .orElse(Duration.ZERO);
    }
}
