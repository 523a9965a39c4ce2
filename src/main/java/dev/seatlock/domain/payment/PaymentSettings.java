package dev.seatlock.domain.payment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How payments are settled after the request that took them: see README "Payments". The void grace
 * period should outlast the longest confirmation (its lock lease of 30 s renewed up to 20 times): a
 * shorter one may void an authorization whose booking is still being written. That stays safe (the
 * write then finds the payment voided and refuses), but loses the sale.
 */
@ApplicationScoped
public class PaymentSettings {

    private final Duration voidAfter;
    private final Duration captureAfter;
    private final Duration reconcileEvery;
    private final Duration backoffMax;
    private final Duration behindAfter;
    private final int batchSize;

    @Inject
    public PaymentSettings(
            @ConfigProperty(name = "seatlock.payment.void-after") Duration voidAfter,
            @ConfigProperty(name = "seatlock.payment.capture-after") Duration captureAfter,
            @ConfigProperty(name = "seatlock.payment.reconcile-every") Duration reconcileEvery,
            @ConfigProperty(name = "seatlock.payment.backoff-max") Duration backoffMax,
            @ConfigProperty(name = "seatlock.payment.behind-after") Duration behindAfter,
            @ConfigProperty(name = "seatlock.payment.reconcile-batch") int batchSize) {
        requirePositive("seatlock.payment.void-after", voidAfter);
        requirePositive("seatlock.payment.capture-after", captureAfter);
        requirePositive("seatlock.payment.reconcile-every", reconcileEvery);
        requirePositive("seatlock.payment.backoff-max", backoffMax);
        requirePositive("seatlock.payment.behind-after", behindAfter);
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "seatlock.payment.reconcile-batch must be at least 1, was " + batchSize);
        }
        this.voidAfter = voidAfter;
        this.captureAfter = captureAfter;
        this.reconcileEvery = reconcileEvery;
        this.backoffMax = backoffMax;
        this.behindAfter = behindAfter;
        this.batchSize = batchSize;
    }

    /** For CDI's proxy. */
    protected PaymentSettings() {
        this.voidAfter = null;
        this.captureAfter = null;
        this.reconcileEvery = null;
        this.backoffMax = null;
        this.behindAfter = null;
        this.batchSize = 0;
    }

    /** An authorization without a booking is voided by the reconciler once this old. */
    public Duration voidAfter() {
        return voidAfter;
    }

    /** A booked payment the request did not capture is captured by the reconciler after this. */
    public Duration captureAfter() {
        return captureAfter;
    }

    public Duration reconcileEvery() {
        return reconcileEvery;
    }

    public int batchSize() {
        return batchSize;
    }

    /** An open payment overdue by this much means the reconciler is behind (health). */
    public Duration behindAfter() {
        return behindAfter;
    }

    /**
     * Wait before the next try after {@code failures} failed ones: doubling from one interval,
     * capped.
     */
    public Duration backoff(int failures) {
        Duration wait = reconcileEvery.multipliedBy(1L << Math.min(failures, 20));
        return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
