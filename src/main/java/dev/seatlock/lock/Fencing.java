package dev.seatlock.lock;

/**
 * Whether an acquisition issues fencing tokens, and so whether the lock store keeps a fence counter
 * for its keys.
 *
 * <p>Exists because a fence counter is state that outlives the lease: a lock whose holder writes
 * nothing that compares a token (one payment per hold at a time, say) should not leave a counter
 * behind for every key it ever locked.
 */
public enum Fencing {

    /**
     * Each key gets a fencing token, {@code max(counter + 1, lock store time in µs)}, from a fence
     * counter kept beside the lock ({@code seatlock.lock.fence-ttl} after the key's last
     * acquisition). For locks whose holder writes somewhere that refuses stale tokens (the seats of
     * a hold: {@code SeatFences}).
     */
    TOKENS,

    /**
     * No fencing token and no fence counter: only the lock keys are written. The lease carries
     * {@link LockLease#NO_FENCING_TOKEN} for every key, and {@link LockLease#fencingToken} refuses
     * to read it.
     */
    NONE
}
