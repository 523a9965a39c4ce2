package dev.seatlock.domain.payment;

/**
 * The acquirer refused a capture or void for good (the authorization lapsed, was voided, was
 * captured already, is unknown): retrying cannot help. The payment is set aside as {@link
 * PaymentState#NEEDS_ATTENTION} for a person to settle.
 */
public class PaymentRefusedException extends RuntimeException {

    public PaymentRefusedException(String message) {
        super(message);
    }
}
