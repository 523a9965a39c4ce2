package dev.seatlock.lock;

/**
 * A value that names the lock protecting it, such as a seat of a flight. {@link SeatLocked} methods
 * lock every argument of this type, and every element of a collection argument of this type.
 */
public interface LockKey {

    /**
     * The lock's name. Keys that must be locked together in one step (all seats of one flight)
     * share a Redis Cluster hash tag, e.g. {@code seat:{SL101}:12C}.
     */
    String lockKey();
}
