package dev.seatlock.booking;

/**
 * The card acquirer. Checkout authorizes first, writes the booking while it still owns the seats'
 * lease, and only then captures; if the booking cannot be written the authorization is voided.
 */
public interface PaymentGateway {

    /**
     * Reserves the amount on the card.
     *
     * @throws PaymentDeclinedException    when the issuer refuses (402)
     * @throws PaymentUnavailableException when the acquirer does not answer in time (503)
     */
    PaymentAuthorization authorize(String orderId, Money amount, PaymentCard card);

    /** Takes the reserved money. */
    void capture(PaymentAuthorization authorization);

    /** Releases the reserved money: the buyer is not charged. */
    void voidAuthorization(PaymentAuthorization authorization);
}
