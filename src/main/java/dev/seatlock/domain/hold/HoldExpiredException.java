package dev.seatlock.domain.hold;

/**
 * The hold can no longer be used: its lease ran out (and the seats may have been sold to someone
 * else since) or the buyer released it. Any payment authorized for it has been voided. 410.
 */
public class HoldExpiredException extends RuntimeException {

    private final boolean paymentVoided;

    public HoldExpiredException(String message, boolean paymentVoided) {
        super(message);
        this.paymentVoided = paymentVoided;
    }

    /** True when an authorization was taken and then voided: the buyer was not charged. */
    public boolean paymentVoided() {
        return paymentVoided;
    }
}
