package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import dev.seatlock.testing.RedisTopologies;
import dev.seatlock.testing.Sleep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A bounded, Jepsen-style history check of the lock on each Redis deployment. Worker threads take,
 * use and release a few hot keys for a few seconds while faults are injected on a schedule; every
 * operation is recorded with its times, and the history is checked afterwards. A violation is:
 *
 * <ul>
 *   <li>a fencing token handed out twice for one key;
 *   <li>a token not above that of an acquisition of the same key released before this one began
 *       (tokens must follow real time, also across a restart or a failover);
 *   <li>two holders of a key at once with no fault between them and no lease run out (mutual
 *       exclusion).
 * </ul>
 *
 * Holders that overlap across a fault are expected (a Redis restarted empty forgets its leases);
 * they are counted, and the fenced register that stands in for the database must have refused the
 * older token's write whenever it came after the newer one's.
 */
class LockHistoryTest {

    private static final List<String> KEYS =
            List.of("seat:{SL101}:1A", "seat:{SL101}:1B", "seat:{SL202}:1A", "seat:{SL303}:1A");
    private static final Duration LEASE = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofMillis(60);
    private static final Duration RUN = Duration.ofSeconds(7);

    /** Sentinel needs a few seconds to notice the dead primary and promote the replica. */
    private static final Duration SENTINEL_RUN = Duration.ofSeconds(12);

    private static final int WORKERS = 6;

    @Test
    void onOneRedisRestartedEmptyKilledAndStartedAgainTheHistoryHasNoViolation() throws Exception {
        try (RedisServer redis = RedisServers.startCrashable()) {
            RedisSettings settings = fastFailing(RedisSettings.fromUrl(redis.url()));
            try (UnifiedJedis client = settings.createClient()) {
                Summary summary =
                        run(
                                "standalone",
                                new RedisLockService(client, settings),
                                List.of(
                                        new Fault(2_000, "restarted empty", redis::restart),
                                        new Fault(3_500, "killed", redis::kill),
                                        new Fault(4_500, "started again, empty", redis::start)));
                summary.assertHealthy();
            }
        }
    }

    @Test
    void onSentinelWhosePrimaryIsKilledTheHistoryHasNoViolation() throws Exception {
        assumeTrue(
                RedisTopologies.missingBinaries().isEmpty(),
                () -> "skipped: " + RedisTopologies.missingBinaries().get());
        try (RedisTopologies redis = RedisTopologies.sentinel("seatlock")) {
            RedisTopology topology =
                    RedisTopology.sentinel("seatlock", redis.addresses("sentinel"));
            RedisSettings settings = fastFailing(RedisSettings.of("localhost", 6379));
            try (UnifiedJedis client = topology.createClient(settings)) {
                Summary summary =
                        run(
                                "sentinel",
                                new RedisLockService(
                                        client, settings.keyPrefix(), topology.describe(settings)),
                                List.of(
                                        new Fault(
                                                2_000,
                                                "primary killed",
                                                () -> redis.nodes("primary").get(0).kill())),
                                SENTINEL_RUN);
                summary.assertHealthy();
            }
        }
    }

    @Test
    void onAClusterThatLosesOneOfThreePrimariesTheHistoryHasNoViolation() throws Exception {
        assumeTrue(
                RedisTopologies.missingBinaries().isEmpty(),
                () -> "skipped: " + RedisTopologies.missingBinaries().get());
        try (RedisTopologies redis = RedisTopologies.cluster()) {
            RedisTopology topology = RedisTopology.cluster(redis.addresses("cluster-primary"));
            RedisSettings settings = fastFailing(RedisSettings.of("localhost", 6379));
            try (UnifiedJedis client = topology.createClient(settings)) {
                // No replicas: the killed primary's slots stay unavailable, the other flights go
                // on.
                Summary summary =
                        run(
                                "cluster",
                                new RedisLockService(
                                        client, settings.keyPrefix(), topology.describe(settings)),
                                List.of(
                                        new Fault(
                                                2_000,
                                                "a primary killed",
                                                () ->
                                                        redis.nodes("cluster-primary")
                                                                .get(2)
                                                                .kill())));
                summary.assertHealthy();
            }
        }
    }

    @Test
    void onRedlockOverThreeServersKilledAndRestartedEmptyInTurnTheHistoryHasNoViolation()
            throws Exception {
        List<RedisServer> servers = new ArrayList<>();
        List<UnifiedJedis> clients = new ArrayList<>();
        try {
            List<RedisLockService> nodes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RedisServer server = RedisServers.startCrashable();
                servers.add(server);
                RedisSettings settings = fastFailing(RedisSettings.fromUrl(server.url()));
                UnifiedJedis client = settings.createClient();
                clients.add(client);
                nodes.add(new RedisLockService(client, settings));
            }
            Summary summary =
                    run(
                            "redlock",
                            new RedlockService(nodes),
                            List.of(
                                    new Fault(1_500, "A killed", servers.get(0)::kill),
                                    new Fault(
                                            2_500, "A started again, empty", servers.get(0)::start),
                                    new Fault(3_500, "B killed", servers.get(1)::kill),
                                    new Fault(
                                            4_500,
                                            "B started again, empty",
                                            servers.get(1)::start)));
            summary.assertHealthy();
        } finally {
            clients.forEach(UnifiedJedis::close);
            servers.forEach(RedisServer::close);
        }
    }

    private static RedisSettings fastFailing(RedisSettings settings) {
        return settings.withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300))
                .withPool(16, Duration.ofMillis(300))
                .withKeyPrefix("history:" + System.nanoTime() + ":");
    }

    /** A fault and when to inject it, in ms after the start. */
    record Fault(long atMillis, String name, Runnable action) {}

    /**
     * One successful acquisition: its key and token, and the nanoTimes around acquire and release.
     */
    record Op(
            String key,
            long token,
            long acquireCalled,
            long acquireReturned,
            long releaseCalled,
            long releaseReturned,
            boolean writeAccepted) {}

    private static Summary run(String topology, LockService locks, List<Fault> faults)
            throws Exception {
        return run(topology, locks, faults, RUN);
    }

    private static Summary run(String topology, LockService locks, List<Fault> faults, Duration run)
            throws Exception {
        Map<String, Long> register =
                new ConcurrentHashMap<>(); // the database's fencing check, per key
        List<Op> ops = new CopyOnWriteArrayList<>();
        List<Long> faultTimes = new CopyOnWriteArrayList<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong unavailable = new AtomicLong();
        long start = System.nanoTime();
        long end = start + run.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
        List<Future<?>> done = new ArrayList<>();
        done.add(
                pool.submit(
                        () -> {
                            for (Fault fault : faults) {
                                Sleep.quietly(
                                        Duration.ofNanos(
                                                Math.max(
                                                        0,
                                                        start
                                                                + TimeUnit.MILLISECONDS.toNanos(
                                                                        fault.atMillis())
                                                                - System.nanoTime())));
                                faultTimes.add(System.nanoTime());
                                fault.action().run();
                                System.out.printf(
                                        "[history] %s: %s at %d ms%n",
                                        topology, fault.name(), millis(System.nanoTime() - start));
                            }
                        }));
        for (int w = 0; w < WORKERS; w++) {
            done.add(
                    pool.submit(
                            () -> {
                                ThreadLocalRandom random = ThreadLocalRandom.current();
                                while (System.nanoTime() < end) {
                                    String key = KEYS.get(random.nextInt(KEYS.size()));
                                    long acquireCalled = System.nanoTime();
                                    try {
                                        LockLease lease = locks.acquire(List.of(key), LEASE, WAIT);
                                        long acquireReturned = System.nanoTime();
                                        long token = lease.fencingToken(key);
                                        // Work under the lock long enough for faults to strike
                                        // while keys are held.
                                        Sleep.quietly(Duration.ofMillis(5 + random.nextInt(26)));
                                        boolean[] accepted = {false};
                                        register.compute(
                                                key,
                                                (k, last) -> {
                                                    accepted[0] = last == null || token > last;
                                                    return accepted[0] ? token : last;
                                                });
                                        long releaseCalled = System.nanoTime();
                                        try {
                                            locks.release(lease);
                                        } catch (LockStoreUnavailableException e) {
                                            unavailable.incrementAndGet(); // the lease runs out by
                                            // itself
                                        }
                                        ops.add(
                                                new Op(
                                                        key,
                                                        token,
                                                        acquireCalled,
                                                        acquireReturned,
                                                        releaseCalled,
                                                        System.nanoTime(),
                                                        accepted[0]));
                                    } catch (LockNotAcquiredException e) {
                                        refused.incrementAndGet();
                                    } catch (LockStoreUnavailableException e) {
                                        unavailable.incrementAndGet();
                                        Sleep.quietly(Duration.ofMillis(20));
                                    }
                                }
                                return null;
                            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Summary summary =
                Summary.of(topology, ops, faultTimes, refused.get(), unavailable.get(), start);
        System.out.println(summary);
        return summary;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The checked history of one run. */
    record Summary(
            String topology,
            int acquired,
            long refused,
            long unavailable,
            int faults,
            int acquiredAfterLastFault,
            int overlapsAcrossFaults,
            int staleWritesRefused,
            List<String> violations) {

        static Summary of(
                String topology,
                List<Op> ops,
                List<Long> faultTimes,
                long refused,
                long unavailable,
                long start) {
            List<String> violations = new ArrayList<>();
            int overlaps = 0;
            Map<String, List<Op>> byKey = ops.stream().collect(Collectors.groupingBy(Op::key));
            for (Map.Entry<String, List<Op>> entry : byKey.entrySet()) {
                List<Op> history = new ArrayList<>(entry.getValue());
                history.sort(Comparator.comparingLong(Op::acquireReturned));
                Map<Long, Long> seen = new HashMap<>();
                for (Op op : history) {
                    if (seen.put(op.token(), op.acquireReturned()) != null) {
                        violations.add(
                                entry.getKey() + ": token " + op.token() + " handed out twice");
                    }
                }
                for (int i = 0; i < history.size(); i++) {
                    Op earlier = history.get(i);
                    for (int j = i + 1; j < history.size(); j++) {
                        Op later = history.get(j);
                        if (later.acquireReturned() >= earlier.releaseCalled()) {
                            break; // sorted: no later op overlaps the earlier one
                        }
                        boolean faultBetween =
                                faultTimes.stream()
                                        .anyMatch(
                                                f ->
                                                        f >= earlier.acquireCalled()
                                                                && f <= later.acquireReturned());
                        boolean leaseRanOut =
                                later.acquireReturned() - earlier.acquireCalled()
                                        >= LEASE.toNanos();
                        if (faultBetween || leaseRanOut) {
                            overlaps++;
                        } else {
                            violations.add(
                                    entry.getKey()
                                            + ": two holders at once without a fault (tokens "
                                            + earlier.token()
                                            + " and "
                                            + later.token()
                                            + ")");
                        }
                    }
                }
                // Tokens follow real time: every acquisition begun after another was released has a
                // greater token.
                List<Op> byRelease = new ArrayList<>(history);
                byRelease.sort(Comparator.comparingLong(Op::releaseReturned));
                for (Op later : history) {
                    for (Op earlier : byRelease) {
                        if (earlier.releaseReturned() >= later.acquireCalled()) {
                            break;
                        }
                        if (earlier.token() >= later.token()) {
                            violations.add(
                                    entry.getKey()
                                            + ": token "
                                            + later.token()
                                            + " acquired after token "
                                            + earlier.token()
                                            + " was released");
                            break;
                        }
                    }
                }
            }
            long lastFault = faultTimes.stream().mapToLong(Long::longValue).max().orElse(start);
            int after = (int) ops.stream().filter(op -> op.acquireCalled() > lastFault).count();
            int stale = (int) ops.stream().filter(op -> !op.writeAccepted()).count();
            return new Summary(
                    topology,
                    ops.size(),
                    refused,
                    unavailable,
                    faultTimes.size(),
                    after,
                    overlaps,
                    stale,
                    List.copyOf(violations));
        }

        void assertHealthy() {
            assertThat(violations).as("violations in the %s history", topology).isEmpty();
            assertThat(acquired).as("acquisitions on %s", topology).isPositive();
            assertThat(acquiredAfterLastFault)
                    .as("acquisitions on %s after the last fault", topology)
                    .isPositive();
        }

        @Override
        public String toString() {
            return String.format(
                    "[history] %s: %d operations (%d acquired and released, %d refused while held, %d failed"
                            + " on an unavailable store), %d faults, %d acquired after the last fault, %d overlaps across a fault,"
                            + " %d stale writes refused by the fenced register, %d violations%s",
                    topology,
                    acquired + refused + unavailable,
                    acquired,
                    refused,
                    unavailable,
                    faults,
                    acquiredAfterLastFault,
                    overlapsAcrossFaults,
                    staleWritesRefused,
                    violations.size(),
                    violations.isEmpty()
                            ? ""
                            : ": " + violations.subList(0, Math.min(5, violations.size())));
        }
    }
}
