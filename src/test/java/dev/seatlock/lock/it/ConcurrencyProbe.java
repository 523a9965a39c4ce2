package dev.seatlock.lock.it;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records how many callers are inside a critical section at once, and keeps a deliberately
 * non-atomic counter that loses updates as soon as two callers overlap.
 */
public final class ConcurrencyProbe {

    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger maxInside = new AtomicInteger();
    private int unsafeCount;

    public void enter() {
        int now = inside.incrementAndGet();
        maxInside.accumulateAndGet(now, Math::max);
    }

    public void exit() {
        inside.decrementAndGet();
    }

    /** Read, pause, write: two overlapping callers lose one update. */
    public void incrementUnsafely(long pauseMillis) throws InterruptedException {
        int read = unsafeCount;
        if (pauseMillis > 0) {
            Thread.sleep(pauseMillis);
        } else {
            Thread.yield();
        }
        unsafeCount = read + 1;
    }

    public int maxInside() {
        return maxInside.get();
    }

    public synchronized int unsafeCount() {
        return unsafeCount;
    }
}
