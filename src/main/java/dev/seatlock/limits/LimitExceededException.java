package dev.seatlock.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * A buyer or partner went past one of the abuse limits (README "Abuse limits"): too many seats held
 * at once, too many requests, too many declined cards, too many booking look-ups. Answered with 429
 * and {@code Retry-After}; the message is for a person and names the limit, never a card or a key.
 */
public class LimitExceededException extends RuntimeException {

    private final String limit;
    private final Duration retryAfter;

    /**
     * @param limit the configuration key of the limit, e.g. {@code seatlock.limits.api.partner}
     * @param retryAfter when trying again may succeed; at least a second is told
     */
    public LimitExceededException(String message, String limit, Duration retryAfter) {
        super(message);
        this.limit = Objects.requireNonNull(limit, "limit");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** The configuration key of the limit that was reached. */
    public String limit() {
        return limit;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds(retryAfter);
    }

    public static long retryAfterSeconds(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }
}
