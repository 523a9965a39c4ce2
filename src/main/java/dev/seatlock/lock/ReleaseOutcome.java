package dev.seatlock.lock;

/** What a release found in the lock store. */
public enum ReleaseOutcome {
    /** Every key was still owned by the lease and is now free. */
    RELEASED,
    /**
     * At least one key had expired or belonged to another lease; only the keys still owned were
     * freed.
     */
    LEASE_ALREADY_LOST
}
