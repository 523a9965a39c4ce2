package dev.seatlock.domain.payment;

/**
 * The payment of this confirmation attempt was settled without a booking while the attempt was
 * still running (the reconciler voided it after its grace period): nothing was charged; a new
 * attempt may confirm the hold if it still stands. 409.
 */
public class PaymentAttemptClosedException extends RuntimeException {

    public PaymentAttemptClosedException(String paymentId, PaymentState state) {
        super(
                "The payment of this confirmation attempt was "
                        + state.name().toLowerCase()
                        + " meanwhile and nothing was charged; confirm again with a new Idempotency-Key");
    }
}
