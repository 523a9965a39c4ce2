package dev.seatlock.lock;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link SeatLocked} method knows about the lock it runs under: its lease and fencing
 * tokens. Valid on the thread that runs the method, for the duration of the call.
 */
public interface SeatLockContext {

    /** The lease of the innermost {@link SeatLocked} method running on this thread. */
    Optional<LockLease> current();

    /**
     * Keeps the current lease after the method returns normally, extended to {@code leaseTime}; the
     * caller becomes responsible for releasing it (or letting it expire). Used by a seat hold,
     * whose lease must outlive the request that took it. If the method throws, the lease is
     * released anyway.
     *
     * @return the extended lease
     * @throws IllegalStateException when no {@link SeatLocked} method is running on this thread
     * @throws LeaseLostException when the lease was already lost
     */
    LockLease retain(Duration leaseTime);

    /**
     * Keeps the current lease after the method returns normally, as it is: no Redis round trip. For
     * a lease taken long enough in the first place ({@link LeaseTime}); otherwise as {@link
     * #retain(Duration)}.
     *
     * @return the current lease
     * @throws IllegalStateException when no {@link SeatLocked} method is running on this thread
     * @throws LeaseLostException when the lease was already found lost
     */
    LockLease retain();
}
