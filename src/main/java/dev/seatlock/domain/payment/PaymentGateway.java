package dev.seatlock.domain.payment;

import dev.seatlock.domain.Money;
import java.util.Optional;

/**
 * The card acquirer. Checkout authorizes first, writes the booking while it still owns the seats'
 * lease, and only then captures; without a booking the authorization is voided. Every call carries
 * an idempotency key ({@link Payment#gatewayKey}): the acquirer answers a repeated key with the
 * first answer, and never reserves or takes the money twice for it.
 */
public interface PaymentGateway {

    /**
     * Reserves the amount on the card.
     *
     * @throws PaymentDeclinedException when the issuer refuses (402)
     * @throws PaymentUnavailableException when the acquirer does not answer in time (503); an
     *     authorization may or may not exist then, and {@link #closeAuthorizeKey} settles it later
     */
    PaymentAuthorization authorize(String idempotencyKey, Money amount, PaymentCard card);

    /**
     * Closes an authorize key whose answer was never recorded (a process died, the acquirer did not
     * answer): from now on {@link #authorize} with it is refused, so a call still under way cannot
     * reserve money nobody will void. Returns the authorization made with the key before it was
     * closed, if any.
     *
     * @throws PaymentUnavailableException when the acquirer does not answer
     */
    Optional<PaymentAuthorization> closeAuthorizeKey(String authorizeKey);

    /**
     * Takes the reserved money. Capturing an authorization again with the same key is a no-op.
     *
     * @throws PaymentUnavailableException when the acquirer does not answer or refuses for now
     * @throws PaymentRefusedException when it refuses for good (voided, lapsed, unknown)
     */
    void capture(PaymentAuthorization authorization, String idempotencyKey);

    /**
     * Releases the reserved money: the buyer is not charged. Voiding again is a no-op.
     *
     * @throws PaymentUnavailableException when the acquirer does not answer
     * @throws PaymentRefusedException when it refuses for good (captured already, unknown)
     */
    void voidAuthorization(PaymentAuthorization authorization, String idempotencyKey);
}
