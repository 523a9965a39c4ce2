package dev.seatlock.domain.payment;

/** The payment service did not answer in time; nothing was charged. 503, try again. */
public class PaymentUnavailableException extends RuntimeException {

    public PaymentUnavailableException(String message) {
        super(message);
    }
}
