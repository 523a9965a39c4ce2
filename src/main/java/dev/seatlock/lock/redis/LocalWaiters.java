package dev.seatlock.lock.redis;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads of this JVM waiting for lock keys, in arrival order per key, so that a release made
 * here wakes the longest waiter at once instead of leaving every waiter to sleep out its backoff.
 *
 * <p>Releases on other servers reach it through {@link ReleaseNotices}, which calls {@link
 * #wakeNext} for the released keys as a release here does.
 *
 * <p>Only a shortcut, never needed for correctness: Redis alone decides who holds a key, and a
 * waiter still retries at its timed retry, which is how it learns of leases that ran out and of
 * releases whose notice was lost. A wake-up is a {@link LockSupport#unpark} permit, so one given
 * while the waiter is between two tries is not lost; a release that comes between a waiter's try
 * and its joining the queue is seen by its {@link #stamp}. Waking one waiter per key, not all,
 * keeps a release from setting off a herd of retries.
 */
final class LocalWaiters {

    private static final int STRIPES = 256;

    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<Thread>> queues =
            new ConcurrentHashMap<>();

    /** Releases seen per stripe of keys (by hash), so that a waiter can tell one came meanwhile. */
    private final AtomicLongArray releases = new AtomicLongArray(STRIPES);

    /**
     * A number that changes whenever one of {@code keys} is released (here, or elsewhere as far as
     * a notice told): read before a try, compared after it failed, so that a release between the
     * try and the wait is not slept through. Keys share stripes, so it may also change for others.
     */
    long stamp(List<String> keys) {
        long sum = 0;
        for (String key : keys) {
            sum += releases.get(stripe(key));
        }
        return sum;
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }

    /** Whether a thread of this JVM is already waiting for one of {@code keys}. */
    boolean anyWaiting(List<String> keys) {
        for (String key : keys) {
            ConcurrentLinkedDeque<Thread> queue = queues.get(key);
            if (queue != null && !queue.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Puts {@code waiter} at the back of the queue of every key it is not queued for yet. */
    void join(List<String> keys, Thread waiter) {
        for (String key : keys) {
            // compute() serialises with leave(), which drops a queue once it is empty.
            queues.compute(
                    key,
                    (k, queue) -> {
                        ConcurrentLinkedDeque<Thread> q =
                                queue != null ? queue : new ConcurrentLinkedDeque<>();
                        if (!q.contains(waiter)) {
                            q.addLast(waiter);
                        }
                        return q;
                    });
        }
    }

    /** Takes {@code waiter} out of every queue of {@code keys}; drops queues left empty. */
    void leave(List<String> keys, Thread waiter) {
        for (String key : keys) {
            queues.computeIfPresent(
                    key,
                    (k, queue) -> {
                        queue.removeFirstOccurrence(waiter);
                        return queue.isEmpty() ? null : queue;
                    });
        }
    }

    /**
     * Wakes the longest waiter of each key. It stays first in the queue until it leaves (it took
     * the keys or gave up), so a newcomer still queues behind it while it is on its way to Redis.
     */
    void wakeNext(List<String> keys) {
        for (String key : keys) {
            releases.incrementAndGet(stripe(key));
            ConcurrentLinkedDeque<Thread> queue = queues.get(key);
            Thread next = queue == null ? null : queue.peekFirst();
            if (next != null) {
                LockSupport.unpark(next);
            }
        }
    }

    /**
     * Wakes the longest waiter of every key: when notices of releases elsewhere may have been
     * missed (the subscription was down), each first waiter tries once more.
     */
    void wakeAll() {
        for (int i = 0; i < STRIPES; i++) {
            releases.incrementAndGet(i);
        }
        for (ConcurrentLinkedDeque<Thread> queue : queues.values()) {
            Thread next = queue.peekFirst();
            if (next != null) {
                LockSupport.unpark(next);
            }
        }
    }

    /** Keys with a queue; for tests, which check that nothing is left behind. */
    int queuedKeys() {
        return queues.size();
    }
}
