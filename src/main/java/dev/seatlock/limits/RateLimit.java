package dev.seatlock.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: up to {@code burst} requests at once, then one more every {@code refill}. Kept in
 * Redis, so that one bucket is shared by every server.
 *
 * @param name the configuration key, e.g. {@code seatlock.limits.api.partner}; also the bucket's
 *     key part
 * @param burst the bucket's size; at least 1
 * @param refill how long the bucket takes to gain one token; at least a millisecond
 */
public record RateLimit(String name, int burst, Duration refill) {

    public RateLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(refill, "refill");
        if (burst < 1) {
            throw new IllegalArgumentException(name + ".burst must be at least 1, was " + burst);
        }
        if (refill.toMillis() < 1) {
            throw new IllegalArgumentException(
                    name + ".refill must be at least PT0.001S, was " + refill);
        }
    }

    /** For messages and the README: "20 per second, bursts of 200". */
    public String describe() {
        double perSecond = 1000.0 / refill.toMillis();
        String rate =
                perSecond >= 1
                        ? String.format(java.util.Locale.ROOT, "%.0f per second", perSecond)
                        : String.format(java.util.Locale.ROOT, "%.0f per hour", perSecond * 3600);
        return rate + ", bursts of " + burst;
    }
}
