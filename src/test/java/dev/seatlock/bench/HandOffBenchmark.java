package dev.seatlock.bench;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.redis.RedisLockService;
import dev.seatlock.lock.redis.RedisSettings;
import dev.seatlock.lock.redis.ReleaseNotices;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/**
 * The cross-server hand-off benchmark of issue 11: how long from a release until a waiter that was
 * already waiting holds the key. Each sample: the holder takes a key, the waiter starts waiting for
 * it (up to 10 s), the holder releases 20 to 70 ms later (the waiter is asleep at some point of its
 * retry by then), and the sample is the time from just before the release call to the moment the
 * waiter's acquire returned. Modes, interleaved round by round in a rotating order:
 *
 * <ul>
 *   <li><b>same server</b>: holder and waiter on one {@link RedisLockService} (woken by {@link
 *       dev.seatlock.lock.redis.LocalWaiters});
 *   <li><b>other server</b>: two instances, each with its own pool and subscription (woken by the
 *       release's notice, {@link ReleaseNotices});
 *   <li><b>timed retry</b>: two instances without notices, as before issue 11 (the waiter polls
 *       with a backoff of 2 to 50 ms);
 *   <li><b>Redisson</b>: two {@link RedissonClient}s, {@code RLock.tryLock} waiting on its pub/sub
 *       channel.
 * </ul>
 *
 * <p>Run: {@code mvn -B -Pbench -DskipTests test -Dbench.lock.skip=true -Dbench.handoff.skip=false}
 * (tune with {@code -Dbench.handoff.rounds} and {@code -Dbench.handoff.samples}, per mode and
 * round); writes {@code hand-off.md} to {@code bench.out}.
 */
public final class HandOffBenchmark {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(10);

    enum Mode {
        SAME_SERVER("same server (LocalWaiters)"),
        OTHER_SERVER("other server (release notice)"),
        TIMED_RETRY("other server, timed retry only (before issue 11)"),
        REDISSON("Redisson, other client (RLock pub/sub)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    private HandOffBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.handoff.rounds", 10);
        int samples = Integer.getInteger("bench.handoff.samples", 30);
        Path out = Path.of(System.getProperty("bench.out", "docs/bench"));
        Files.createDirectories(out);
        Map<Mode, List<Long>> nanos = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            nanos.put(mode, new ArrayList<>());
        }
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        try (RedisServer redis = RedisServers.start()) {
            RedisSettings settings =
                    RedisSettings.fromUrl(redis.url())
                            .withPool(8, Duration.ofSeconds(2))
                            .withKeyPrefix("handoff:");
            try (Server a = Server.on(settings, true);
                    Server b = Server.on(settings, true);
                    Server quietA = Server.on(settings, false);
                    Server quietB = Server.on(settings, false)) {
                RedissonClient ra = redisson(redis.url());
                RedissonClient rb = redisson(redis.url());
                ExecutorService waiter = Executors.newSingleThreadExecutor();
                try {
                    Thread.sleep(500); // subscriptions up
                    // Warm-up: every mode, untimed.
                    for (Mode mode : Mode.values()) {
                        for (int i = 0; i < 20; i++) {
                            sample(mode, a, b, quietA, quietB, ra, rb, waiter);
                        }
                    }
                    Mode[] order = Mode.values();
                    for (int round = 0; round < rounds; round++) {
                        for (int m = 0; m < order.length; m++) {
                            Mode mode = order[(m + round) % order.length];
                            for (int i = 0; i < samples; i++) {
                                nanos.get(mode)
                                        .add(sample(mode, a, b, quietA, quietB, ra, rb, waiter));
                            }
                        }
                        System.out.printf("hand-off round %d of %d done%n", round + 1, rounds);
                    }
                } finally {
                    waiter.shutdownNow();
                    ra.shutdown();
                    rb.shutdown();
                }
            }
        }
        String report = report(nanos, rounds, samples, started, loadBefore, loadAverage());
        Files.writeString(out.resolve("hand-off.md"), report);
        System.out.println(report);
    }

    private record Server(UnifiedJedis client, ReleaseNotices notices, RedisLockService locks)
            implements AutoCloseable {
        static Server on(RedisSettings settings, boolean notify) {
            UnifiedJedis client = settings.createClient();
            ReleaseNotices notices =
                    notify
                            ? ReleaseNotices.plain(
                                    settings.keyPrefix(),
                                    () -> new HostAndPort(settings.host(), settings.port()),
                                    redis.clients.jedis.DefaultJedisClientConfig.builder()
                                            .connectionTimeoutMillis(2000)
                                            .build())
                            : ReleaseNotices.none();
            return new Server(
                    client,
                    notices,
                    new RedisLockService(
                            client,
                            settings.keyPrefix(),
                            settings.describe(),
                            RedisLockService.DEFAULT_FENCE_TTL,
                            notices,
                            RedisLockService.DEFAULT_RETRY_INTERVAL));
        }

        @Override
        public void close() {
            notices.close();
            client.close();
        }
    }

    private static RedissonClient redisson(String url) {
        Config config = new Config();
        config.useSingleServer().setAddress(url).setTimeout(5_000);
        return Redisson.create(config);
    }

    private static long keys;

    /** One hand-off; the time from the release call to the waiter's acquisition, in ns. */
    private static long sample(
            Mode mode,
            Server a,
            Server b,
            Server quietA,
            Server quietB,
            RedissonClient ra,
            RedissonClient rb,
            ExecutorService waiter)
            throws Exception {
        String key = "seat:{HO" + (keys % 16) + "}:" + keys++;
        long pause = TimeUnit.MILLISECONDS.toNanos(20 + ThreadLocalRandom.current().nextLong(51));
        if (mode == Mode.REDISSON) {
            RLock held = ra.getLock(key);
            held.lock(LEASE.toMillis(), TimeUnit.MILLISECONDS);
            Future<Long> taken =
                    waiter.submit(
                            () -> {
                                RLock lock = rb.getLock(key);
                                if (!lock.tryLock(
                                        WAIT.toMillis(), LEASE.toMillis(), TimeUnit.MILLISECONDS)) {
                                    throw new IllegalStateException("Redisson waiter timed out");
                                }
                                long at = System.nanoTime();
                                lock.unlock();
                                return at;
                            });
            TimeUnit.NANOSECONDS.sleep(pause);
            long released = System.nanoTime();
            held.unlock();
            return taken.get(30, TimeUnit.SECONDS) - released;
        }
        RedisLockService holder =
                switch (mode) {
                    case SAME_SERVER, OTHER_SERVER -> a.locks();
                    default -> quietA.locks();
                };
        RedisLockService waiting =
                switch (mode) {
                    case SAME_SERVER -> a.locks();
                    case OTHER_SERVER -> b.locks();
                    default -> quietB.locks();
                };
        LockLease held = holder.acquire(List.of(key), LEASE, Duration.ZERO);
        Future<Long> taken =
                waiter.submit(
                        () -> {
                            LockLease lease = waiting.acquire(List.of(key), LEASE, WAIT);
                            long at = System.nanoTime();
                            waiting.release(lease);
                            return at;
                        });
        TimeUnit.NANOSECONDS.sleep(pause);
        long released = System.nanoTime();
        holder.release(held);
        return taken.get(30, TimeUnit.SECONDS) - released;
    }

    private static String report(
            Map<Mode, List<Long>> nanos,
            int rounds,
            int samples,
            Instant started,
            String loadBefore,
            String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("# Cross-server hand-off (issue 11)\n\n")
                .append("Run of ")
                .append(started)
                .append(", ")
                .append(rounds)
                .append(" rounds × ")
                .append(samples)
                .append(" samples per mode, interleaved; load average ")
                .append(loadBefore)
                .append(" before, ")
                .append(loadAfter)
                .append(" after. Time from the release call to the waiter's acquisition, µs.\n\n")
                .append("| mode | samples | p50 µs | p90 µs | p99 µs | max µs |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        Map<Mode, long[]> sorted = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            long[] s = nanos.get(mode).stream().mapToLong(Long::longValue).sorted().toArray();
            sorted.put(mode, s);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
                            mode.label,
                            s.length,
                            pct(s, 0.50),
                            pct(s, 0.90),
                            pct(s, 0.99),
                            s.length == 0 ? 0.0 : s[s.length - 1] / 1000.0));
        }
        double otherP99 = pct(sorted.get(Mode.OTHER_SERVER), 0.99);
        double sameP99 = pct(sorted.get(Mode.SAME_SERVER), 0.99);
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nother server / same server: p50 %.2f, p99 %.2f (goal: p99 within 2×);"
                                + " timed retry / other server p50 %.1f; Redisson / other server"
                                + " p50 %.2f, p99 %.2f%n",
                        pct(sorted.get(Mode.OTHER_SERVER), 0.50)
                                / pct(sorted.get(Mode.SAME_SERVER), 0.50),
                        otherP99 / sameP99,
                        pct(sorted.get(Mode.TIMED_RETRY), 0.50)
                                / pct(sorted.get(Mode.OTHER_SERVER), 0.50),
                        pct(sorted.get(Mode.REDISSON), 0.50)
                                / pct(sorted.get(Mode.OTHER_SERVER), 0.50),
                        pct(sorted.get(Mode.REDISSON), 0.99) / otherP99));
        return md.toString();
    }

    /** Nearest-rank percentile in µs. */
    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1000.0;
    }

    private static String loadAverage() {
        try {
            return String.join(
                    " ",
                    Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" "))
                            .subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
