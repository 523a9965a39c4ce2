package dev.seatlock.domain.payment;

import dev.seatlock.domain.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * The money of one confirmation attempt of a hold, as SeatLock last knew it: the durable side of
 * authorize → record → capture. The row is written before the card is authorized; the booking and
 * the payment's {@code AUTHORIZED} state with the booking's reference commit in one transaction;
 * capture and void follow. Whatever dies in between, the row says what is left to do (see {@link
 * PaymentReconciler}).
 *
 * <p>The id is the hold's id and the attempt's key, so every gateway call of the attempt carries an
 * idempotency key derived from the hold and the operation ({@link #gatewayKey}): a retry, on any
 * server, never reserves or takes the money twice.
 */
@Entity
@Table(
        name = "PAYMENT",
        indexes = {
            @Index(name = "PAYMENT_HOLD", columnList = "HOLD_ID"),
            @Index(name = "PAYMENT_DUE", columnList = "STATE, NEXT_ATTEMPT_AT")
        })
public class Payment {

    /** Longest stored failure text. */
    private static final int MAX_ERROR = 200;

    /** {@code <holdId>.<attempt>}. */
    @Id
    @Column(name = "ID", length = 40)
    private String id;

    @Column(name = "HOLD_ID", length = 32, nullable = false)
    private String holdId;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", length = 20, nullable = false)
    private PaymentState state;

    /** The gateway's id of the authorization, once known. */
    @Column(name = "GATEWAY_ID", length = 64)
    private String gatewayId;

    @Column(name = "AMOUNT", precision = 10, scale = 2, nullable = false)
    private BigDecimal amount;

    @Column(name = "CURRENCY", length = 3, nullable = false)
    private String currency;

    @Column(name = "CARD_LAST4", length = 4)
    private String cardLast4;

    /** The booking this payment pays for; written in the booking's own transaction. */
    @Column(name = "BOOKING_REF", length = 8)
    private String bookingReference;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    /** When the reconciler may next look at this payment. */
    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private Instant nextAttemptAt;

    /** Failed reconciler attempts so far, for the backoff. */
    @Column(name = "FAILURES", nullable = false)
    private int failures;

    @Column(name = "LAST_ERROR", length = MAX_ERROR)
    private String lastError;

    protected Payment() {
        // for JPA
    }

    Payment(String holdId, String attempt, Money amount, Instant now, Duration grace) {
        this.id = holdId + "." + attempt;
        this.holdId = holdId;
        this.state = PaymentState.PENDING;
        this.amount = amount.amount();
        this.currency = amount.currency();
        this.createdAt = now;
        this.nextAttemptAt = now.plus(grace);
    }

    /** The id {@link #Payment} gives the attempt {@code attempt} of hold {@code holdId}. */
    public static String idOf(String holdId, String attempt) {
        return holdId + "." + attempt;
    }

    public String id() {
        return id;
    }

    public String holdId() {
        return holdId;
    }

    public PaymentState state() {
        return state;
    }

    public Money amount() {
        return new Money(amount, currency);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public java.util.Optional<String> bookingReference() {
        return java.util.Optional.ofNullable(bookingReference);
    }

    /** Settled without a booking: a retry of the attempt must move on to a new payment. */
    public boolean isClosedWithoutBooking() {
        return bookingReference == null
                && (state == PaymentState.VOIDING
                        || state == PaymentState.VOIDED
                        || state == PaymentState.DECLINED);
    }

    public int failures() {
        return failures;
    }

    /**
     * The idempotency key of one operation at the gateway, e.g. {@code
     * seatlock:<holdId>.<attempt>:capture}.
     */
    public String gatewayKey(GatewayOperation operation) {
        return "seatlock:" + id + ":" + operation.name().toLowerCase();
    }

    /**
     * The authorization at the gateway; only once it is known (every state after PENDING but
     * DECLINED).
     */
    public PaymentAuthorization authorization() {
        if (gatewayId == null) {
            throw new IllegalStateException("payment " + id + " has no authorization yet");
        }
        return new PaymentAuthorization(gatewayId, amount(), cardLast4);
    }

    public boolean isAuthorizedAs(PaymentAuthorization authorization) {
        return authorization.id().equals(gatewayId);
    }

    public void authorized(PaymentAuthorization authorization, Instant nextCheck) {
        this.gatewayId = authorization.id();
        this.cardLast4 = authorization.cardLast4();
        this.state = PaymentState.AUTHORIZED;
        this.nextAttemptAt = nextCheck;
    }

    public void booked(String reference) {
        this.bookingReference = reference;
    }

    void declined() {
        this.state = PaymentState.DECLINED;
    }

    /**
     * Decided: no booking; {@code authorization} is what is to be voided (recorded if it was not
     * yet).
     */
    void voiding(PaymentAuthorization authorization, Instant now) {
        if (gatewayId == null) {
            this.gatewayId = authorization.id();
            this.cardLast4 = authorization.cardLast4();
        }
        this.state = PaymentState.VOIDING;
        this.nextAttemptAt = now;
    }

    /** Voided at the gateway, or never authorized there: nothing was charged. */
    void voided() {
        this.state = PaymentState.VOIDED;
        this.lastError = null;
    }

    void captured() {
        this.state = PaymentState.CAPTURED;
        this.lastError = null;
    }

    void needsAttention(String error) {
        this.state = PaymentState.NEEDS_ATTENTION;
        this.lastError =
                error == null ? null : error.substring(0, Math.min(error.length(), MAX_ERROR));
    }

    void failed(String error, Instant nextAttempt) {
        this.failures++;
        this.lastError =
                error == null ? null : error.substring(0, Math.min(error.length(), MAX_ERROR));
        this.nextAttemptAt = nextAttempt;
    }

    /** The gateway operations of a payment, each with its own idempotency key. */
    public enum GatewayOperation {
        AUTHORIZE,
        CAPTURE,
        VOID
    }
}
