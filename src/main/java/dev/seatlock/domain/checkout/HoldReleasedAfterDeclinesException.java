package dev.seatlock.domain.checkout;

import dev.seatlock.domain.payment.PaymentDeclinedException;

/**
 * The card was declined, and it was the last decline a hold may take ({@code
 * seatlock.limits.declines.per-hold}): the hold was released, its seats are for sale again. Card
 * testers try card after card on one hold; a buyer whose cards fail this often starts again. Still
 * a decline (402); the hold reads 410 from now on.
 */
public class HoldReleasedAfterDeclinesException extends PaymentDeclinedException {

    public HoldReleasedAfterDeclinesException(String message) {
        super(message);
    }
}
