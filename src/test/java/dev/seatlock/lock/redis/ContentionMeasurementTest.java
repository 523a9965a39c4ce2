package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.lock.LockLease;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How many Redis commands one successful acquisition of a hot key costs when 8 threads want it at
 * once, read from Redis' own {@code INFO commandstats} (before and after). Uses a Redis of its own.
 */
class ContentionMeasurementTest {

    private static final int THREADS = 8;
    private static final Duration RUN_TIME = Duration.ofSeconds(3);

    /** Commands the client sends itself; the rest of commandstats are the scripts' inner calls. */
    private static final List<String> CLIENT_COMMANDS =
            List.of(
                    "evalsha",
                    "eval",
                    "script|load",
                    "hello",
                    "client|setname",
                    "ping",
                    "select",
                    "auth");

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServers.startCrashable();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aContendedAcquisitionCostsABoundedNumberOfRedisCommands() throws Exception {
        try (LockTestSupport.Lock lock =
                LockTestSupport.Lock.on(LockTestSupport.settingsFor(redis))) {
            RedisLockService service = lock.service();
            Map<String, Long> before = commandCalls(lock.client().info("commandstats"));
            AtomicLong successes = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            long end = System.nanoTime() + RUN_TIME.toNanos();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    while (System.nanoTime() < end) {
                                        LockLease lease =
                                                service.acquire(
                                                        List.of("seat:{SL101}:1A"),
                                                        Duration.ofSeconds(10),
                                                        Duration.ofSeconds(10));
                                        try {
                                            busyFor(200_000); // 0.2 ms of work under the lock
                                        } finally {
                                            service.release(lease);
                                        }
                                        successes.incrementAndGet();
                                    }
                                    return null;
                                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            Map<String, Long> calls = commandCalls(lock.client().info("commandstats"));
            before.forEach((command, count) -> calls.merge(command, -count, Long::sum));
            long evalsha = calls.getOrDefault("evalsha", 0L);
            long clientCommands =
                    CLIENT_COMMANDS.stream().mapToLong(c -> calls.getOrDefault(c, 0L)).sum();
            long n = successes.get();
            double evalshaPerAcquisition = (double) evalsha / n;
            double commandsPerAcquisition = (double) clientCommands / n;
            double attemptsPerAcquisition =
                    (double) service.acquireAttempts() / service.acquisitions();
            System.out.printf(
                    "[contention] %d threads, %d s, %d acquisitions (%.0f/s): EVALSHA per acquisition "
                            + "(acquire attempts + 1 release) = %.2f, client commands per acquisition = %.2f, "
                            + "acquire attempts per acquisition = %.2f; commandstats %s%n",
                    THREADS,
                    RUN_TIME.toSeconds(),
                    n,
                    n / (double) RUN_TIME.toSeconds(),
                    evalshaPerAcquisition,
                    commandsPerAcquisition,
                    attemptsPerAcquisition,
                    calls);

            assertThat(n).as("acquisitions made").isPositive();
            assertThat(commandsPerAcquisition)
                    .as("Redis commands sent per contended acquisition")
                    .isLessThan(20.0);
        }
    }

    private static Map<String, Long> commandCalls(String commandstats) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : commandstats.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + "calls=".length());
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }

    private static void busyFor(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
