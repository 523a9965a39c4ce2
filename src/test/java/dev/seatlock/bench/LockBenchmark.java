package dev.seatlock.bench;

import dev.seatlock.lock.redis.RedisLockService;
import dev.seatlock.lock.redis.RedisSettings;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * The lock benchmark of issue 6: SeatLock's Redis lock against the bare round trips a lock needs
 * (the ceiling: {@code SET NX PX} + {@code DEL}), against its own two Lua scripts run bare (to
 * separate the scripts' cost in Redis from the Java around them) and against Redisson's {@code
 * RLock}, on one local {@code redis-server}, at several thread counts, uncontended (a key per
 * thread) and on one hot key.
 *
 * <p>Exists so that claims about the lock's cost are measured, rerunnable and comparable. On a
 * small shared machine absolute figures drift from run to run, so the contenders run interleaved:
 * every round runs every (threads, mode, contender) cell once, the contender order rotating from
 * round to round, and the ratios (SeatLock/ceiling, SeatLock/Redisson) are taken within a round,
 * then summarised over the rounds.
 *
 * <p>Redis commands per operation come from Redis' own {@code INFO commandstats}, reset with {@code
 * CONFIG RESETSTAT} before every cell through an admin connection outside the measured pools.
 *
 * <p>Not a test and not in the WAR: {@code mvn -B -Pbench -DskipTests test} runs {@link #main},
 * which writes {@code docs/bench/lock-benchmark.md} and {@code docs/bench/lock-throughput.svg};
 * {@code LockBenchmarkSmokeTest} runs the same code with tiny counts in the normal test suite.
 */
public final class LockBenchmark {

    /** How the threads use keys. */
    enum Mode {
        /** Every thread locks a key of its own: the cost of the lock itself. */
        UNCONTENDED("distinct keys"),
        /** Every thread wants the same key: waiting, hand-over and the commands it costs. */
        HOT_KEY("one hot key");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /**
     * @param threads thread counts to measure, e.g. 1, 8, 64
     * @param rounds measured rounds; every cell runs once per round
     * @param cellTime how long each thread keeps starting operations in one cell
     * @param warmup total warm-up time per contender and mode before the first round
     * @param maxOpsPerThread operations after which a thread stops even before {@code cellTime}
     *     ends
     * @param poolSize connections of every contender's pool (Jedis pool and Redisson pool alike)
     * @param lease lease time of every lock
     * @param waitTime wait time of the waiting contenders on a held key
     * @param holdNanos busy work inside the lock on the hot key (0 for none)
     */
    record Options(
            List<Integer> threads,
            int rounds,
            Duration cellTime,
            Duration warmup,
            long maxOpsPerThread,
            int poolSize,
            Duration lease,
            Duration waitTime,
            long holdNanos) {

        static Options fromSystemProperties() {
            List<Integer> threads =
                    Arrays.stream(System.getProperty("bench.threads", "1,8,64").split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .map(Integer::valueOf)
                            .toList();
            return new Options(
                    threads,
                    Integer.getInteger("bench.rounds", 24),
                    seconds(System.getProperty("bench.seconds", "0.4")),
                    seconds(System.getProperty("bench.warmup.seconds", "2")),
                    Long.MAX_VALUE,
                    Integer.getInteger("bench.pool", 64),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(5),
                    0);
        }

        private static Duration seconds(String s) {
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        }
    }

    /**
     * One measured cell: one contender, one mode, one thread count, one round.
     *
     * @param latencyNanos a sample of successful operations' latencies (acquire + critical section
     *     + release)
     * @param maxHolders most threads ever inside the critical section of the hot key at once (1 is
     *     right)
     * @param commandCalls {@code INFO commandstats} calls per command during the cell, admin
     *     commands removed
     * @param commandMicros {@code INFO commandstats} µs Redis spent per command (a script's time
     *     includes the commands it called, which are also listed on their own)
     * @param acquireAttempts SeatLock only: acquire scripts run (tries), for attempts per
     *     acquisition; else -1
     */
    record Cell(
            String contender,
            Mode mode,
            int threads,
            int round,
            long ops,
            long failures,
            long elapsedNanos,
            long[] latencyNanos,
            int maxHolders,
            Map<String, Long> commandCalls,
            Map<String, Long> commandMicros,
            long acquireAttempts) {

        double opsPerSecond() {
            return ops / (elapsedNanos / 1e9);
        }

        long commands(Set<String> names) {
            return commandCalls.entrySet().stream()
                    .filter(e -> names.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /**
         * µs of Redis' single thread spent on the commands the client sent (scripts with their
         * calls).
         */
        long redisMicros(Set<String> clientCommands) {
            return commandMicros.entrySet().stream()
                    .filter(e -> clientCommands == null || clientCommands.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        long allCommands() {
            return commandCalls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Everything one run measured, with the machine it ran on. */
    record Results(Options options, Environment environment, List<Cell> cells) {}

    /**
     * Commands the benchmark itself sends, and background health checks, left out of every count.
     */
    static final Set<String> IGNORED_COMMANDS = Set.of("info", "config|resetstat", "ping");

    /**
     * Commands a script-based lock client sends itself; every other counted command ran inside a
     * script.
     */
    static final Set<String> CLIENT_COMMANDS =
            Set.of(
                    "eval",
                    "evalsha",
                    "eval_ro",
                    "evalsha_ro",
                    "script|load",
                    "script|exists",
                    "subscribe",
                    "unsubscribe",
                    "psubscribe",
                    "punsubscribe",
                    "ssubscribe",
                    "sunsubscribe",
                    "hello",
                    "client|setname",
                    "client|setinfo",
                    "select",
                    "auth");

    private LockBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.fromSystemProperties();
        Path out = Path.of(System.getProperty("bench.out", "docs/bench"));
        try (RedisServer redis = RedisServers.startCrashable()) {
            System.out.printf(
                    "[bench] redis-server on %s; threads %s, %d rounds of %s per cell, warm-up %s, pool %d%n",
                    redis.url(),
                    options.threads(),
                    options.rounds(),
                    options.cellTime(),
                    options.warmup(),
                    options.poolSize());
            Results results = run(redis, options, System.out::println);
            BenchReport report = new BenchReport(results);
            report.write(out);
            System.out.println(report.markdown());
            System.out.println(
                    "[bench] wrote "
                            + out.resolve(BenchReport.MARKDOWN)
                            + " and "
                            + out.resolve(BenchReport.SVG));
        }
        // Redisson's and the pool's threads are closed, but exit promptly whatever lingers.
        System.exit(0);
    }

    /** Runs every contender on {@code redis}; {@code log} receives one line per cell. */
    static Results run(RedisServer redis, Options options, Consumer<String> log) throws Exception {
        int maxThreads = options.threads().stream().mapToInt(Integer::intValue).max().orElse(1);
        RedisSettings settings =
                RedisSettings.fromUrl(redis.url())
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                        .withPool(options.poolSize(), Duration.ofSeconds(10))
                        .withKeyPrefix("bench:seatlock:");
        ExecutorService workers =
                Executors.newFixedThreadPool(
                        maxThreads,
                        r -> {
                            Thread t = new Thread(r, "bench-worker");
                            t.setDaemon(true);
                            return t;
                        });
        List<Cell> cells = new ArrayList<>();
        try (UnifiedJedis jedis = settings.createClient();
                Jedis admin = new Jedis(redis.host(), redis.port())) {
            String redisVersion = infoField(admin.info("server"), "redis_version");
            RedisLockService service = new RedisLockService(jedis, settings);
            List<LockContender> contenders =
                    List.of(
                            new LockContenders.Ceiling(jedis, options.lease()),
                            new LockContenders.Scripts(jedis, options.lease()),
                            new LockContenders.SeatLock(
                                    service, options.lease(), options.waitTime()),
                            new LockContenders.RedissonLock(
                                    redis.url(),
                                    options.poolSize(),
                                    options.lease(),
                                    options.waitTime()));
            try {
                if (!options.warmup().isZero()) {
                    long perCell =
                            Math.max(50, options.warmup().toMillis() / options.threads().size());
                    for (LockContender c : contenders) {
                        for (Mode mode : Mode.values()) {
                            if (mode == Mode.HOT_KEY && !c.waits()) {
                                continue;
                            }
                            for (int threads : options.threads()) {
                                runCell(
                                        c,
                                        mode,
                                        threads,
                                        -1,
                                        Duration.ofMillis(perCell),
                                        options,
                                        workers,
                                        admin);
                            }
                        }
                    }
                    log.accept("[bench] warm-up done");
                }
                for (int round = 0; round < options.rounds(); round++) {
                    List<LockContender> order = rotate(contenders, round);
                    for (int threads : options.threads()) {
                        for (Mode mode :
                                round % 2 == 0
                                        ? List.of(Mode.values())
                                        : List.of(Mode.HOT_KEY, Mode.UNCONTENDED)) {
                            for (LockContender c : order) {
                                if (mode == Mode.HOT_KEY && !c.waits()) {
                                    continue;
                                }
                                Cell cell =
                                        runCell(
                                                c,
                                                mode,
                                                threads,
                                                round,
                                                options.cellTime(),
                                                options,
                                                workers,
                                                admin);
                                cells.add(cell);
                                log.accept(describe(cell));
                            }
                        }
                    }
                }
            } finally {
                for (LockContender c : contenders) {
                    c.close();
                }
            }
            return new Results(options, Environment.current(redisVersion), cells);
        } finally {
            workers.shutdownNow();
        }
    }

    private static Cell runCell(
            LockContender contender,
            Mode mode,
            int threads,
            int round,
            Duration cellTime,
            Options options,
            ExecutorService workers,
            Jedis admin)
            throws Exception {
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        long holdNanos = options.holdNanos();
        Runnable criticalSection =
                mode == Mode.UNCONTENDED
                        ? () -> {}
                        : () -> {
                            int now = holders.incrementAndGet();
                            maxHolders.accumulateAndGet(now, Math::max);
                            if (holdNanos > 0) {
                                long until = System.nanoTime() + holdNanos;
                                while (System.nanoTime() < until) {
                                    Thread.onSpinWait();
                                }
                            }
                            holders.decrementAndGet();
                        };
        int sampleCapacity =
                (int) Math.min(options.maxOpsPerThread(), Math.max(2_000, 400_000 / threads));
        long attemptsBefore =
                contender instanceof LockContenders.SeatLock s ? s.service().acquireAttempts() : 0;
        admin.configResetStat();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] startedAt = new long[1];
        List<Future<long[]>> futures = new ArrayList<>(threads);
        List<long[]> samples = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            String key =
                    mode == Mode.UNCONTENDED
                            ? "bench:" + contender.name() + ":own:" + t
                            : "bench:" + contender.name() + ":hot";
            long[] sample = new long[sampleCapacity];
            samples.add(sample);
            futures.add(
                    workers.submit(
                            () -> {
                                ready.countDown();
                                go.await();
                                long deadline = startedAt[0] + cellTime.toNanos();
                                long ops = 0;
                                long failures = 0;
                                long now = System.nanoTime();
                                while (now < deadline && ops < options.maxOpsPerThread()) {
                                    long start = now;
                                    boolean ok = contender.lockAndRun(key, criticalSection);
                                    now = System.nanoTime();
                                    if (ok) {
                                        sample[(int) (ops % sampleCapacity)] = now - start;
                                        ops++;
                                    } else {
                                        failures++;
                                    }
                                }
                                return new long[] {ops, failures, System.nanoTime()};
                            }));
        }
        ready.await();
        startedAt[0] = System.nanoTime();
        go.countDown();
        long ops = 0;
        long failures = 0;
        long lastEnd = startedAt[0];
        List<long[]> kept = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] r =
                    futures.get(t)
                            .get(
                                    cellTime.toSeconds() + options.waitTime().toSeconds() + 120,
                                    TimeUnit.SECONDS);
            ops += r[0];
            failures += r[1];
            lastEnd = Math.max(lastEnd, r[2]);
            kept.add(Arrays.copyOf(samples.get(t), (int) Math.min(r[0], sampleCapacity)));
        }
        String stats = admin.info("commandstats");
        Map<String, Long> calls = commandStat(stats, "calls=");
        Map<String, Long> micros = commandStat(stats, "usec=");
        long attempts =
                contender instanceof LockContenders.SeatLock s
                        ? s.service().acquireAttempts() - attemptsBefore
                        : -1;
        long[] latencies = kept.stream().flatMapToLong(Arrays::stream).toArray();
        return new Cell(
                contender.name(),
                mode,
                threads,
                round,
                ops,
                failures,
                lastEnd - startedAt[0],
                latencies,
                maxHolders.get(),
                calls,
                micros,
                attempts);
    }

    static String describe(Cell c) {
        long[] sorted = c.latencyNanos().clone();
        Arrays.sort(sorted);
        double ops = Math.max(1, c.ops());
        Set<String> sent = c.contender().equals(BenchReport.CEILING) ? null : CLIENT_COMMANDS;
        return String.format(
                "[bench] round %d %-8s %-13s %2d threads: %9.0f ops/s  p50 %7.1f us  p99 %8.1f us  "
                        + "fail %d  max holders %d  commands/op %.2f  redis us/op %.2f",
                c.round(),
                c.contender(),
                c.mode().label,
                c.threads(),
                c.opsPerSecond(),
                percentile(sorted, 0.50) / 1e3,
                percentile(sorted, 0.99) / 1e3,
                c.failures(),
                c.maxHolders(),
                c.allCommands() / ops,
                c.redisMicros(sent) / ops);
    }

    /** The {@code q} quantile of an ascending array (nearest rank); 0 for an empty one. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * One numeric field ({@code calls=} or {@code usec=}) of every command in {@code INFO
     * commandstats}.
     */
    static Map<String, Long> commandStat(String commandstats, String field) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : commandstats.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                if (IGNORED_COMMANDS.contains(name)) {
                    continue;
                }
                String rest = line.substring(line.indexOf(field) + field.length());
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }

    private static String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return "?";
    }

    private static <T> List<T> rotate(List<T> list, int by) {
        List<T> rotated = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            rotated.add(list.get((i + by) % list.size()));
        }
        return rotated;
    }
}
