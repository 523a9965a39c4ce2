package dev.seatlock.domain.payment;

import dev.seatlock.domain.Money;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.booking.Booking;
import dev.seatlock.infrastructure.persistence.BookingRepository;
import dev.seatlock.lock.OutsideLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Optional;

/**
 * Every change of a payment's state outside the booking's own transaction, each in a short
 * transaction of its own and under the payment's row lock: the request, the reconciler on another
 * server, or a retry may look at the same payment at once, and the row lock orders them. {@link
 * OutsideLease}: a lost seat lease must not roll back the record of what happened to the money.
 */
@OutsideLease
@ApplicationScoped
public class PaymentLedger {

    private final Payments payments;
    private final BookingRepository bookings;
    private final PaymentSettings settings;

    @Inject
    public PaymentLedger(Payments payments, BookingRepository bookings, PaymentSettings settings) {
        this.payments = payments;
        this.bookings = bookings;
        this.settings = settings;
    }

    /** For CDI's proxy. */
    protected PaymentLedger() {
        this(null, null, null);
    }

    /**
     * The payment of this attempt, written as PENDING before the card is authorized; a retry of the
     * same attempt gets the same payment back.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Payment open(String holdId, String attempt, Money amount) {
        Optional<Payment> earlier = payments.find(Payment.idOf(holdId, attempt));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Payment payment = new Payment(holdId, attempt, amount, Instant.now(), settings.voidAfter());
        payments.add(payment);
        return payment;
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void declined(String paymentId) {
        payments.lock(paymentId)
                .filter(p -> p.state() == PaymentState.PENDING)
                .ifPresent(Payment::declined);
    }

    /**
     * After the booking's write failed: whether it committed after all. The row lock waits for a
     * booking transaction that is still finishing (a COMMIT sent, its reply lost); then the booking
     * reference on the payment tells. Committed: the booking. Not committed: the payment is marked
     * VOIDING, so no late retry can book on it, and empty.
     *
     * @throws RuntimeException when the database cannot tell (the caller must then not void)
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Booking> bookingAfterFailedWrite(
            String paymentId, PaymentAuthorization authorization) {
        Payment payment =
                payments.lock(paymentId)
                        .orElseThrow(() -> new NotFoundException("payment", paymentId));
        Optional<String> reference = payment.bookingReference();
        if (reference.isPresent()) {
            return Optional.of(
                    bookings.find(reference.get())
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "payment "
                                                            + paymentId
                                                            + " names booking "
                                                            + reference.get()
                                                            + ", which cannot be read")));
        }
        // Also a payment closed meanwhile (the reconciler found nothing to void; a decline): the
        // authorization this request holds is recorded and voided all the same, never left reserved
        // without a row.
        boolean settled =
                (payment.state() == PaymentState.VOIDING || payment.state() == PaymentState.VOIDED)
                        && payment.isAuthorizedAs(authorization);
        if (!settled) {
            payment.voiding(authorization, Instant.now());
        }
        return Optional.empty();
    }

    /**
     * For the reconciler: marks an authorized payment without a booking VOIDING, unless its booking
     * was written meanwhile. Returns whether it is now to be voided.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean decideVoid(String paymentId) {
        Payment payment =
                payments.lock(paymentId)
                        .orElseThrow(() -> new NotFoundException("payment", paymentId));
        if (payment.state() == PaymentState.AUTHORIZED && payment.bookingReference().isEmpty()) {
            payment.voiding(payment.authorization(), Instant.now());
            return true;
        }
        return payment.state() == PaymentState.VOIDING;
    }

    /** For the reconciler: the gateway knows the authorization a process did not live to record. */
    @Transactional(TxType.REQUIRES_NEW)
    public void authorizedLate(String paymentId, PaymentAuthorization authorization) {
        payments.lock(paymentId)
                .filter(p -> p.state() == PaymentState.PENDING)
                .ifPresent(p -> p.authorized(authorization, Instant.now()));
        // It is due again at once: the reconciler settles it in the same pass.
    }

    /** For the reconciler: the gateway never authorized this attempt; nothing to void. */
    @Transactional(TxType.REQUIRES_NEW)
    public void neverAuthorized(String paymentId) {
        payments.lock(paymentId)
                .filter(p -> p.state() == PaymentState.PENDING)
                .ifPresent(Payment::voided);
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void captured(String paymentId) {
        payments.lock(paymentId)
                .filter(p -> p.state() == PaymentState.AUTHORIZED)
                .ifPresent(Payment::captured);
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void voided(String paymentId) {
        payments.lock(paymentId)
                .filter(p -> p.state() == PaymentState.VOIDING)
                .ifPresent(Payment::voided);
    }

    /** The acquirer refused for good: no more retries; a person settles it. */
    @Transactional(TxType.REQUIRES_NEW)
    public void needsAttention(String paymentId, String error) {
        payments.lock(paymentId)
                .filter(p -> p.state().isOpen())
                .ifPresent(p -> p.needsAttention(error));
    }

    /** A settling step failed: try again after the backoff. */
    @Transactional(TxType.REQUIRES_NEW)
    public void failed(String paymentId, String error) {
        payments.lock(paymentId)
                .filter(p -> p.state().isOpen())
                .ifPresent(
                        p ->
                                p.failed(
                                        error,
                                        Instant.now().plus(settings.backoff(p.failures() + 1))));
    }
}
