package dev.seatlock.domain.payment;

/** The card issuer refused the payment. The hold stays until it expires. 402. */
public class PaymentDeclinedException extends RuntimeException {

    public PaymentDeclinedException(String message) {
        super(message);
    }
}
