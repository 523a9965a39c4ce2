package dev.seatlock.booking;

import java.util.Optional;

/**
 * The card acquirer. Checkout authorizes first, writes the booking while it still owns the seats'
 * lease, and only then captures; without a booking the authorization is voided. Every call carries an
 * idempotency key ({@link Payment#gatewayKey}): the acquirer answers a repeated key with the first
 * answer, and never reserves or takes the money twice for it.
 */
public interface PaymentGateway {

    /**
     * Reserves the amount on the card.
     *
     * @throws PaymentDeclinedException    when the issuer refuses (402)
     * @throws PaymentUnavailableException when the acquirer does not answer in time (503); an
     *     authorization may or may not exist then, and {@link #findAuthorization} tells later
     */
    PaymentAuthorization authorize(String idempotencyKey, Money amount, PaymentCard card);

    /**
     * The authorization an earlier {@link #authorize} with this key made, if it made one: for a process
     * that died before it could record the answer.
     *
     * @throws PaymentUnavailableException when the acquirer does not answer
     */
    Optional<PaymentAuthorization> findAuthorization(String authorizeKey);

    /**
     * Takes the reserved money. Capturing an authorization again with the same key is a no-op.
     *
     * @throws PaymentUnavailableException when the acquirer does not answer or refuses for now
     */
    void capture(PaymentAuthorization authorization, String idempotencyKey);

    /**
     * Releases the reserved money: the buyer is not charged. Voiding again is a no-op.
     *
     * @throws PaymentUnavailableException when the acquirer does not answer
     */
    void voidAuthorization(PaymentAuthorization authorization, String idempotencyKey);
}
