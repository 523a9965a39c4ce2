package dev.seatlock.infrastructure.payment;

/**
 * The payment gateway's configuration cannot work (an unknown {@code seatlock.payment.provider}, a
 * missing or malformed Stripe secret key): the application refuses to start rather than fail the
 * first buyer. The message names the setting, never its secret value.
 */
public class PaymentConfigurationException extends RuntimeException {

    public PaymentConfigurationException(String message) {
        super(message);
    }
}
