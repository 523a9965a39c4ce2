package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.lock.LockLease;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many threads increment a counter that is not thread-safe, each increment under the lock of one
 * key.
 *
 * <p>Run with {@code -Dseatlock.test.withoutLock=true} to run the same test without taking the
 * lock: it must then fail, which shows the test can see a broken lock.
 */
class MutualExclusionTest {

    private static final int THREADS = 16;
    private static final int ITERATIONS = 200;
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServers.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    /** Not thread-safe on purpose: a read, a pause that invites another thread in, a write. */
    private static final class UnsafeCounter {
        private long value;

        void increment() {
            long read = value;
            Thread.yield();
            spin();
            value = read + 1;
        }

        private static void spin() {
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    private record Outcome(long count, long elapsedMillis) {
        long lost() {
            return (long) THREADS * ITERATIONS - count;
        }
    }

    private Outcome run(boolean withLock) throws Exception {
        try (LockTestSupport.Lock lock =
                LockTestSupport.Lock.on(LockTestSupport.settingsFor(redis))) {
            UnsafeCounter counter = new UnsafeCounter();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    for (int i = 0; i < ITERATIONS; i++) {
                                        if (withLock) {
                                            LockLease lease =
                                                    lock.service()
                                                            .acquire(
                                                                    List.of("counter"),
                                                                    Duration.ofSeconds(10),
                                                                    Duration.ofSeconds(30));
                                            try {
                                                counter.increment();
                                            } finally {
                                                lock.service().release(lease);
                                            }
                                        } else {
                                            counter.increment();
                                        }
                                    }
                                    return null;
                                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            pool.shutdown();
            synchronized (counter) { // happens-before for the final read
                return new Outcome(counter.value, elapsed);
            }
        }
    }

    @Test
    void noIncrementIsLostWhenEveryIncrementHoldsTheLock() throws Exception {
        boolean withLock = !Boolean.getBoolean("seatlock.test.withoutLock");
        Outcome outcome = run(withLock);
        System.out.printf(
                "[mutual exclusion] lock=%s threads=%d iterations=%d count=%d lost=%d elapsed=%d ms%n",
                withLock,
                THREADS,
                ITERATIONS,
                outcome.count(),
                outcome.lost(),
                outcome.elapsedMillis());

        assertThat(outcome.count())
                .as(
                        "final count of %d threads x %d increments (lock %s)",
                        THREADS, ITERATIONS, withLock ? "on" : "OFF")
                .isEqualTo((long) THREADS * ITERATIONS);
    }

    @Test
    void theSameCounterLosesIncrementsWithoutTheLock() throws Exception {
        Outcome outcome = run(false);
        System.out.printf(
                "[mutual exclusion] lock=false threads=%d iterations=%d count=%d lost=%d elapsed=%d ms%n",
                THREADS, ITERATIONS, outcome.count(), outcome.lost(), outcome.elapsedMillis());

        assertThat(outcome.lost())
                .as("increments lost without the lock: the test can see a broken lock")
                .isPositive();
    }
}
