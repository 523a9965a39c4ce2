package dev.seatlock.lock;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one acquisition owns: its keys, each with its fencing token, under one owner token.
 *
 * <p>A plain value so that it can travel between threads and servers and be stored with a hold. The
 * deadline is local to the JVM that acquired or last extended the lease ({@link System#nanoTime()})
 * and is only a hint: the lock store is the authority on whether the lease is still held.
 *
 * @param ownerToken unguessable identity of this acquisition (at least 128 random bits)
 * @param fencingTokens key to fencing token, in the order the keys were given; {@link
 *     #NO_FENCING_TOKEN} for every key of a lease acquired with {@link Fencing#NONE}
 * @param leaseTime the lease time of the last acquire or extend
 * @param deadlineNanos {@code System.nanoTime()} at which the lease runs out if nothing extends it
 */
public record LockLease(
        String ownerToken,
        Map<String, Long> fencingTokens,
        Duration leaseTime,
        long deadlineNanos) {

    /**
     * The "token" of every key of a lease acquired with {@link Fencing#NONE}; real tokens are above
     * it.
     */
    public static final long NO_FENCING_TOKEN = 0;

    public LockLease {
        Objects.requireNonNull(ownerToken, "ownerToken");
        Objects.requireNonNull(leaseTime, "leaseTime");
        if (fencingTokens == null || fencingTokens.isEmpty()) {
            throw new IllegalArgumentException("a lease covers at least one key");
        }
        fencingTokens =
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fencingTokens));
    }

    public List<String> keys() {
        return List.copyOf(fencingTokens.keySet());
    }

    /**
     * @throws IllegalArgumentException when the lease does not cover {@code key}
     * @throws IllegalStateException when the lease was acquired without fencing tokens ({@link
     *     Fencing#NONE})
     */
    public long fencingToken(String key) {
        Long token = fencingTokens.get(key);
        if (token == null) {
            throw new IllegalArgumentException("key not covered by this lease: " + key);
        }
        if (token == NO_FENCING_TOKEN) {
            throw new IllegalStateException(
                    "the lease of " + key + " was acquired without fencing tokens (Fencing.NONE)");
        }
        return token;
    }

    /**
     * Whether this lease carries fencing tokens, i.e. was not acquired with {@link Fencing#NONE}.
     */
    public boolean fenced() {
        return fencingTokens.values().stream().allMatch(token -> token != NO_FENCING_TOKEN);
    }

    /** Time left by the local clock; negative once the lease has run out. */
    public Duration remaining() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    public LockLease withLeaseTime(Duration newLeaseTime, long newDeadlineNanos) {
        return new LockLease(ownerToken, fencingTokens, newLeaseTime, newDeadlineNanos);
    }

    @Override
    public String toString() {
        // The owner token is a capability: never print it.
        return "LockLease" + fencingTokens + " lease=" + leaseTime;
    }
}
