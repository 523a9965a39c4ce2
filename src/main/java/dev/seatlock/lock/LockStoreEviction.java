package dev.seatlock.lock;

/**
 * Reads whether the lock store may evict SeatLock's keys when it runs out of memory (Redis' {@code
 * maxmemory-policy}), on every server behind the lock.
 *
 * <p>Exists because an evicting lock store drops live leases: under {@code volatile-*} it evicts
 * exactly the keys with an expiry, which are SeatLock's leases and fence counters. An evicted lease
 * frees a seat while its holder still pays; the fencing check and the database's unique constraint
 * then refuse the second sale, but the first buyer loses the hold. Read at start (logged once) and
 * by the readiness check.
 */
public interface LockStoreEviction {

    /**
     * Asks every server; never throws for a server that refuses the question (managed Redis often
     * refuses {@code CONFIG}) or does not answer: that server is reported as unchecked.
     */
    EvictionReport check();
}
