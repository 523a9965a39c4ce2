package dev.seatlock.infrastructure.payment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One authorization at the simulated acquirer. Kept in the database, where every server sees it, as
 * a real acquirer's would be: a reconciler on server B can capture what server A authorized.
 *
 * <p>{@code CAPTURES} counts captures with distinct idempotency keys: a capture repeated with the
 * same key is a no-op, as at a real acquirer, but one with a new key takes the money again, as a
 * multi-capture acquirer would. Tests read it to prove each booking is charged exactly once.
 */
@Entity
@Table(
        name = "SIMULATED_AUTHORIZATION",
        uniqueConstraints =
                @UniqueConstraint(
                        name = "ONE_AUTHORIZATION_PER_KEY",
                        columnNames = "AUTHORIZE_KEY"))
public class SimulatedAuthorization {

    @Id
    @Column(name = "ID", length = 40)
    private String id;

    @Column(name = "AUTHORIZE_KEY", length = 120, nullable = false)
    private String authorizeKey;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", length = 12, nullable = false)
    private SimulatedPaymentGateway.State state;

    @Column(name = "AMOUNT", precision = 10, scale = 2, nullable = false)
    private BigDecimal amount;

    @Column(name = "CURRENCY", length = 3, nullable = false)
    private String currency;

    @Column(name = "CARD_LAST4", length = 4, nullable = false)
    private String cardLast4;

    @Column(name = "CAPTURES", nullable = false)
    private int captures;

    @Column(name = "CAPTURE_KEY", length = 120)
    private String captureKey;

    /** Captures still to refuse (the flaky-capture test card). */
    @Column(name = "CAPTURE_REFUSALS_LEFT", nullable = false)
    private int captureRefusalsLeft;

    /**
     * Each capture takes the slow-approval time before it reaches the books (the slow-capture test
     * card).
     */
    @Column(name = "SLOW_CAPTURE", nullable = false)
    private boolean slowCapture;

    @Column(name = "CLOSED_KEY", nullable = false)
    private boolean closedKey;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected SimulatedAuthorization() {
        // for JPA
    }

    SimulatedAuthorization(
            String id,
            String authorizeKey,
            BigDecimal amount,
            String currency,
            String cardLast4,
            int captureRefusals,
            boolean slowCapture,
            Instant createdAt) {
        this.id = id;
        this.authorizeKey = authorizeKey;
        this.state = SimulatedPaymentGateway.State.AUTHORIZED;
        this.amount = amount;
        this.currency = currency;
        this.cardLast4 = cardLast4;
        this.captureRefusalsLeft = captureRefusals;
        this.slowCapture = slowCapture;
        this.createdAt = createdAt;
    }

    /**
     * A tombstone: no authorization was made with this key, and none may be (see
     * closeAuthorizeKey).
     */
    static SimulatedAuthorization closedKey(String authorizeKey, Instant now) {
        SimulatedAuthorization closed =
                new SimulatedAuthorization(
                        "closed_"
                                + java.util
                                        .UUID
                                        .randomUUID()
                                        .toString()
                                        .replace("-", "")
                                        .substring(0, 24),
                        authorizeKey,
                        BigDecimal.ZERO,
                        "XXX",
                        "0000",
                        0,
                        false,
                        now);
        closed.state = SimulatedPaymentGateway.State.VOIDED;
        closed.closedKey = true;
        return closed;
    }

    boolean isClosedKey() {
        return closedKey;
    }

    String id() {
        return id;
    }

    SimulatedPaymentGateway.State state() {
        return state;
    }

    BigDecimal amount() {
        return amount;
    }

    String currency() {
        return currency;
    }

    String cardLast4() {
        return cardLast4;
    }

    boolean slowCapture() {
        return slowCapture;
    }

    /** What a capture request with this key did. */
    enum CaptureResult {
        CAPTURED,
        REPLAYED,
        REFUSED_FOR_NOW,
        REFUSED_VOIDED
    }

    CaptureResult capture(String key) {
        switch (state) {
            case VOIDED -> {
                return CaptureResult.REFUSED_VOIDED;
            }
            case CAPTURED -> {
                if (key.equals(captureKey)) {
                    return CaptureResult.REPLAYED;
                }
                captures++;
                return CaptureResult.CAPTURED;
            }
            default -> {
                if (captureRefusalsLeft > 0) {
                    captureRefusalsLeft--;
                    return CaptureResult.REFUSED_FOR_NOW;
                }
                state = SimulatedPaymentGateway.State.CAPTURED;
                captureKey = key;
                captures = 1;
                return CaptureResult.CAPTURED;
            }
        }
    }

    /**
     * @return false when the money was captured already and cannot be voided
     */
    boolean voidIt() {
        if (state == SimulatedPaymentGateway.State.CAPTURED) {
            return false;
        }
        state = SimulatedPaymentGateway.State.VOIDED;
        return true;
    }
}
