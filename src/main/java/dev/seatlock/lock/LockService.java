package dev.seatlock.lock;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * A distributed lock over named keys, with leases that expire and fencing tokens that only grow.
 *
 * <p>The rest of SeatLock depends on this interface, never on the Redis client behind it. Every
 * acquisition is all-or-nothing over its keys and is identified by an unguessable owner token,
 * never by a thread: a {@link LockLease} can be released or extended from any thread, any server,
 * or after being read back from a database.
 *
 * <p>Every method throws {@link LockStoreUnavailableException} when the lock store cannot be
 * reached within its configured timeout; none of them ever reports a lock as held when it was not
 * acquired.
 */
public interface LockService {

    /**
     * Takes every key or none, with a fencing token per key ({@link Fencing#TOKENS}); see {@link
     * #acquire(Collection, Duration, Duration, Fencing)}.
     */
    default LockLease acquire(Collection<String> keys, Duration leaseTime, Duration waitTime) {
        return acquire(keys, leaseTime, waitTime, Fencing.TOKENS);
    }

    /**
     * Takes every key or none, waiting at most {@code waitTime} while any of them is held
     * elsewhere.
     *
     * @param keys the keys to lock together; at least one, no duplicates
     * @param leaseTime how long the lease lasts unless extended or released; positive
     * @param waitTime how long to keep trying while a key is held; zero for a single attempt
     * @param fencing {@link Fencing#TOKENS} to issue a fencing token per key; {@link Fencing#NONE}
     *     when nobody reads them: then no fence counter is written at all
     * @return the lease, with one fencing token per key ({@link LockLease#NO_FENCING_TOKEN} without
     *     fencing)
     * @throws LockNotAcquiredException when some keys were still held when the wait ran out
     */
    LockLease acquire(
            Collection<String> keys, Duration leaseTime, Duration waitTime, Fencing fencing);

    /**
     * Deletes every key of the lease that this lease still owns.
     *
     * @return {@link ReleaseOutcome#RELEASED} when all keys were still owned, otherwise {@link
     *     ReleaseOutcome#LEASE_ALREADY_LOST}: the lease had expired or been taken over, and
     *     whatever the holder did after that point was not protected by the lock
     */
    ReleaseOutcome release(LockLease lease);

    /**
     * Sets a new lease time on every key, only if this lease still owns all of them.
     *
     * @return the lease with its new deadline
     * @throws LeaseLostException when any key is no longer owned (no key is extended then)
     */
    LockLease extend(LockLease lease, Duration leaseTime);

    /** Whether this lease still owns every one of its keys right now. */
    boolean isHeld(LockLease lease);

    /**
     * The subset of {@code keys} that some lease currently holds; one round trip, for seat maps.
     */
    Set<String> heldKeys(Collection<String> keys);

    /**
     * Makes sure the next fencing token issued for {@code key} is greater than {@code atLeast}:
     * raises the key's fence counter to {@code atLeast} unless it is already there or beyond (never
     * lowers it).
     *
     * <p>The safety net for a lock store whose counter went backwards (restarted empty with its
     * clock set back, or restored from an old snapshot): whoever writes with fencing tokens and
     * finds a stale token re-seeds the counter from its own high-water mark, so the holders after
     * that are accepted again. Like every fence counter, it then lives the lock store's fence TTL
     * ({@code seatlock.lock.fence-ttl}).
     *
     * @param key a lock key, as given to {@link #acquire}
     * @param atLeast the highest fencing token known to have been used for the key
     * @return the key's fence counter afterwards ({@code >= atLeast})
     */
    long advanceFence(String key, long atLeast);
}
