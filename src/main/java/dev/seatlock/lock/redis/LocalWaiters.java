package dev.seatlock.lock.redis;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads of this JVM waiting for lock keys, in arrival order per key, so that a release made
 * here wakes the longest waiter at once instead of leaving every waiter to sleep out its backoff.
 *
 * <p>Only a shortcut, never needed for correctness: Redis alone decides who holds a key, and a
 * waiter still retries at its backoff, which is how it learns of releases on other servers and of
 * leases that ran out. A wake-up is a {@link LockSupport#unpark} permit, so one given while the
 * waiter is between two tries is not lost. Waking one waiter per key, not all, keeps a release from
 * setting off a herd of retries.
 */
final class LocalWaiters {

    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<Thread>> queues =
            new ConcurrentHashMap<>();

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
            ConcurrentLinkedDeque<Thread> queue = queues.get(key);
            Thread next = queue == null ? null : queue.peekFirst();
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
