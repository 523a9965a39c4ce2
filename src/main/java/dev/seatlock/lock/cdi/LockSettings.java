package dev.seatlock.lock.cdi;

import java.time.Duration;
import java.util.Objects;

/**
 * The lock defaults of {@code @SeatLocked} methods, read once from MicroProfile Config so that the
 * interceptors do not consult the configuration on every call.
 *
 * @param lease lease of a method that does not set one ({@code seatlock.lock.lease})
 * @param waitTime wait of a method that does not set one ({@code seatlock.lock.wait})
 * @param renewAt share of the lease after which the watchdog renews it, in (0, 1) ({@code
 *     seatlock.lock.renew-at})
 * @param maxRenewals how often one invocation's lease may be renewed ({@code
 *     seatlock.lock.max-renewals})
 */
public record LockSettings(Duration lease, Duration waitTime, double renewAt, int maxRenewals) {

    public LockSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(waitTime, "waitTime");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("seatlock.lock.lease must be positive: " + lease);
        }
        if (waitTime.isNegative()) {
            throw new IllegalArgumentException(
                    "seatlock.lock.wait must not be negative: " + waitTime);
        }
        if (!(renewAt > 0.0 && renewAt < 1.0)) {
            throw new IllegalArgumentException(
                    "seatlock.lock.renew-at must be in (0, 1): " + renewAt);
        }
        if (maxRenewals < 0) {
            throw new IllegalArgumentException(
                    "seatlock.lock.max-renewals must not be negative: " + maxRenewals);
        }
    }

    /** The defaults of META-INF/microprofile-config.properties, for tests. */
    public static LockSettings defaults() {
        return new LockSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), 0.5, 20);
    }
}
