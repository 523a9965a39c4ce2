package dev.seatlock.bench;

/**
 * One way of taking a Redis lock, measured by {@link LockBenchmark}: SeatLock's own lock,
 * Redisson's {@code RLock}, or the bare round trips a lock needs (the ceiling).
 *
 * <p>Exists so that every contender runs under the very same driver loop, threads and Redis, and
 * only the lock calls differ.
 */
interface LockContender extends AutoCloseable {

    /** Short name for tables and the chart. */
    String name();

    /**
     * Whether this contender can wait for a held key; the ceiling cannot, so it runs uncontended
     * only.
     */
    boolean waits();

    /**
     * Takes the lock on {@code key} (waiting for it when {@link #waits()}), runs {@code
     * criticalSection}, and releases it.
     *
     * @return false when the lock was not obtained within the contender's wait time
     */
    boolean lockAndRun(String key, Runnable criticalSection) throws Exception;

    @Override
    void close();
}
