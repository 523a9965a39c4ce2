package dev.seatlock.domain.booking;

import dev.seatlock.domain.Identifiers;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.hold.HoldAlreadyConfirmedException;
import dev.seatlock.domain.hold.HoldExpiredException;
import dev.seatlock.domain.hold.HoldStatus;
import dev.seatlock.domain.hold.Holds;
import dev.seatlock.domain.hold.SeatFences;
import dev.seatlock.domain.hold.SeatHold;
import dev.seatlock.domain.hold.StaleFencingTokenException;
import dev.seatlock.domain.payment.Payment;
import dev.seatlock.domain.payment.PaymentAttemptClosedException;
import dev.seatlock.domain.payment.PaymentAuthorization;
import dev.seatlock.domain.payment.PaymentLocks;
import dev.seatlock.domain.payment.PaymentSettings;
import dev.seatlock.domain.payment.PaymentState;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.cdi.TransactionLeaseVerifier;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Writes a sale, in one transaction with its payment's state, only while the hold still owns its
 * seats. Three guards, each enough on its own against a different failure:
 *
 * <ol>
 *   <li>the hold's lease is checked in Redis just before commit (lease expired); the checkout
 *       checked it before the payment too;
 *   <li>each seat's fencing token must be newer than the last one written (holder paused past its
 *       lease, Redis restarted and forgot);
 *   <li>a unique constraint allows one standing booking per seat (anything else).
 * </ol>
 */
@ApplicationScoped
public class BookingLedger {

    private final Holds holds;
    private final Bookings bookings;
    private final SeatFences fences;
    private final TransactionLeaseVerifier leaseVerifier;
    private final PaymentLocks paymentLocks;
    private final PaymentSettings paymentSettings;

    @Inject
    public BookingLedger(
            Holds holds,
            Bookings bookings,
            SeatFences fences,
            TransactionLeaseVerifier leaseVerifier,
            PaymentLocks paymentLocks,
            PaymentSettings paymentSettings) {
        this.holds = holds;
        this.bookings = bookings;
        this.fences = fences;
        this.leaseVerifier = leaseVerifier;
        this.paymentLocks = paymentLocks;
        this.paymentSettings = paymentSettings;
    }

    /** For CDI's proxy. */
    protected BookingLedger() {
        this(null, null, null, null, null, null);
    }

    /** The booking the hold was confirmed with by one of these payments, if any. */
    public Optional<Booking> bookedWith(String holdId, Collection<String> paymentIds) {
        return bookings.forHold(holdId).filter(booking -> paymentIds.contains(booking.paymentId()));
    }

    /**
     * Writes the booking of a hold. A hold whose lease is gone at commit is rolled back: the commit
     * fails.
     *
     * @throws StaleFencingTokenException a newer holder has written one of the seats
     * @throws HoldAlreadyConfirmedException the hold was confirmed meanwhile
     * @throws PaymentAttemptClosedException the payment was decided voided meanwhile (by the
     *     reconciler)
     */
    @WithSpan("booking write")
    @Transactional
    public Booking record(
            @SpanAttribute("seatlock.hold.id") String holdId,
            List<Passenger> passengers,
            String paymentId,
            PaymentAuthorization authorization) {
        // Locked first: the reconciler deciding to void this payment waits for this transaction, or
        // wins.
        Payment payment =
                paymentLocks
                        .lock(paymentId)
                        .orElseThrow(() -> new NotFoundException("payment", paymentId));
        boolean open =
                payment.state() == PaymentState.PENDING
                        || (payment.state() == PaymentState.AUTHORIZED
                                && payment.isAuthorizedAs(authorization));
        if (!open || payment.bookingReference().isPresent()) {
            throw new PaymentAttemptClosedException(paymentId, payment.state());
        }
        SeatHold hold = holds.find(holdId).orElseThrow(() -> new NotFoundException("hold", holdId));
        if (hold.status() == HoldStatus.REFUSED || hold.status() == HoldStatus.RELEASED) {
            throw new HoldExpiredException(
                    "Hold " + holdId + " is " + hold.status().name().toLowerCase(), false);
        }
        if (hold.status() != HoldStatus.ACTIVE) {
            throw new HoldAlreadyConfirmedException(
                    "Hold " + holdId + " is " + hold.status().name().toLowerCase());
        }
        // Checked once, just before commit: the checkout asked Redis for it before the payment, and
        // a
        // check here as well would be a third round trip that the commit check makes redundant.
        LockLease lease = hold.lease();
        leaseVerifier.guard(lease);
        hold.fencingTokens().forEach(fences::advance);
        Instant now = Instant.now();
        Booking booking =
                new Booking(
                        Identifiers.bookingReference(),
                        hold,
                        passengers,
                        authorization.amount().amount(),
                        authorization.amount().currency(),
                        authorization.cardLast4(),
                        payment.id(),
                        now);
        hold.markConfirmed();
        holds.save(hold);
        bookings.add(booking);
        // In the booking's transaction: a booking exists exactly when its payment names it.
        payment.authorized(authorization, now.plus(paymentSettings.captureAfter()));
        payment.booked(booking.reference());
        return booking;
    }
}
