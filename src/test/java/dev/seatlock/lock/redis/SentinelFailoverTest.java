package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.testing.RedisTopologies;
import dev.seatlock.testing.Sleep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The lock on a primary, a replica and three Sentinels ({@code seatlock.redis.topology=sentinel}):
 * the primary is killed in the middle of a run of holds; the Sentinels promote the replica, the
 * same lock service follows them, and every seat's fencing tokens keep growing across the failover.
 */
class SentinelFailoverTest {

    private static final String MASTER = "seatlock";
    private static final int HOLDERS = 4;

    @Test
    void holdsGoOnOnThePromotedReplicaAndFencingTokensKeepGrowingAfterThePrimaryIsKilled()
            throws Exception {
        assumeTrue(
                RedisTopologies.missingBinaries().isEmpty(),
                () -> "skipped: " + RedisTopologies.missingBinaries().get());
        try (RedisTopologies redis = RedisTopologies.sentinel(MASTER)) {
            RedisTopology topology = RedisTopology.sentinel(MASTER, redis.addresses("sentinel"));
            RedisSettings settings =
                    RedisSettings.of("localhost", 6379)
                            .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300))
                            .withPool(16, Duration.ofMillis(300));
            HostAndPort replica = redis.nodes("replica").get(0).address();
            try (UnifiedJedis client = topology.createClient(settings)) {
                RedisLockService service =
                        new RedisLockService(
                                client, settings.keyPrefix(), topology.describe(settings));
                AtomicLong acquired = new AtomicLong();
                AtomicLong unavailable = new AtomicLong();
                AtomicLong afterFailover = new AtomicLong();
                Map<String, List<Long>> tokens = new ConcurrentHashMap<>();
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
                long deadline = killAt + TimeUnit.SECONDS.toNanos(20);
                ExecutorService holders = Executors.newFixedThreadPool(HOLDERS);
                List<Future<?>> runs = new ArrayList<>();
                for (int h = 0; h < HOLDERS; h++) {
                    String key =
                            "seat:{SL101}:"
                                    + (h + 1)
                                    + "A"; // one key per holder: its tokens are in order
                    runs.add(
                            holders.submit(
                                    () -> {
                                        while (System.nanoTime() < deadline
                                                && afterFailover.get() < 40) {
                                            try {
                                                LockLease lease =
                                                        service.acquire(
                                                                List.of(key),
                                                                Duration.ofSeconds(5),
                                                                Duration.ZERO);
                                                tokens.computeIfAbsent(key, k -> new ArrayList<>())
                                                        .add(lease.fencingToken(key));
                                                acquired.incrementAndGet();
                                                if (System.nanoTime() > killAt
                                                        && ((RedisSentinelClient) client)
                                                                        .getCurrentMaster()
                                                                        .getPort()
                                                                == replica.getPort()) {
                                                    afterFailover.incrementAndGet();
                                                }
                                                service.release(lease);
                                            } catch (LockStoreUnavailableException
                                                    | LockNotAcquiredException e) {
                                                // during the failover; a lease written just before
                                                // it may have been lost
                                                unavailable.incrementAndGet();
                                                Sleep.quietly(java.time.Duration.ofMillis(50));
                                            }
                                            Sleep.quietly(java.time.Duration.ofMillis(10));
                                        }
                                    }));
                }
                Sleep.quietly(
                        java.time.Duration.ofMillis(
                                Math.max(
                                        0,
                                        TimeUnit.NANOSECONDS.toMillis(
                                                killAt - System.nanoTime()))));
                long acquiredBeforeKill = acquired.get();
                redis.nodes("primary").get(0).kill();
                long killedAt = System.nanoTime();
                for (Future<?> run : runs) {
                    run.get(60, TimeUnit.SECONDS);
                }
                holders.shutdown();
                HostAndPort master = ((RedisSentinelClient) client).getCurrentMaster();
                System.out.printf(
                        "[sentinel] %d acquisitions (%d before the kill, %d on the promoted replica), %d failed"
                                + " during the failover, master now %s, failover seen after %d ms%n",
                        acquired.get(),
                        acquiredBeforeKill,
                        afterFailover.get(),
                        unavailable.get(),
                        master,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

                assertThat(acquiredBeforeKill)
                        .as("acquisitions before the primary was killed")
                        .isPositive();
                assertThat(master.getPort())
                        .as("the Sentinels promoted the replica")
                        .isEqualTo(replica.getPort());
                assertThat(afterFailover.get())
                        .as("acquisitions on the promoted replica")
                        .isPositive();
                for (Map.Entry<String, List<Long>> key : new TreeMap<>(tokens).entrySet()) {
                    assertThat(key.getValue())
                            .as("fencing tokens of %s, in acquisition order", key.getKey())
                            .isSortedAccordingTo(Long::compare)
                            .doesNotHaveDuplicates();
                }
            }
        }
    }
}
