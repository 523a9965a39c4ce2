package dev.seatlock.domain.payment;

/**
 * Where the money of one confirmation attempt is. Every state is written before the gateway call it
 * leads to, so a process that dies at any point leaves a row the {@link PaymentReconciler} can
 * finish:
 *
 * <pre>
 *   PENDING ──authorized──▶ AUTHORIZED ──booking written, captured──▶ CAPTURED
 *      │                        │
 *      │ declined               └──no booking──▶ VOIDING ──voided──▶ VOIDED
 *      ▼
 *   DECLINED          PENDING never authorized at the gateway ──▶ VOIDED
 *
 *   AUTHORIZED or VOIDING, the acquirer refusing for good ──▶ NEEDS_ATTENTION
 * </pre>
 */
public enum PaymentState {
    /** The authorization was asked for; its answer is not recorded yet. */
    PENDING,
    /**
     * The money is reserved on the card; captured if the attempt has a booking, voided otherwise.
     */
    AUTHORIZED,
    /** The money is taken: the attempt's booking stands. Final. */
    CAPTURED,
    /** Decided: no booking; the authorization is being voided at the gateway. */
    VOIDING,
    /** Nothing was charged. Final. */
    VOIDED,
    /** The issuer refused the card; nothing was reserved. Final. */
    DECLINED,
    /** The acquirer refused a capture or void for good: left for a person, alerted on. */
    NEEDS_ATTENTION;

    /** Whether the reconciler still has work to do on a payment in this state. */
    public boolean isOpen() {
        return this == PENDING || this == AUTHORIZED || this == VOIDING;
    }
}
