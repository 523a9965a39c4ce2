package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.ReleaseOutcome;
import dev.seatlock.testing.RedisTopologies;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The lock on a Redis Cluster of three primaries ({@code seatlock.redis.topology=cluster}): the
 * hash tag {@code {flight}} keeps every key of a multi-seat acquisition in one slot, so the
 * all-or-nothing script runs there, and different flights live on different primaries.
 */
class RedisClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static RedisTopologies redis;
    private static UnifiedJedis client;
    private static RedisLockService service;
    private static RedisSettings settings;

    @BeforeAll
    static void startCluster() {
        assumeTrue(
                RedisTopologies.missingBinaries().isEmpty(),
                () -> "skipped: " + RedisTopologies.missingBinaries().get());
        redis = RedisTopologies.cluster();
        RedisTopology topology =
                RedisTopology.cluster(redis.addresses("cluster-primary").subList(0, 1));
        settings =
                RedisSettings.of("localhost", 6379)
                        .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500))
                        .withPool(8, Duration.ofMillis(500))
                        .withKeyPrefix("test:" + System.nanoTime() + ":");
        client = topology.createClient(settings);
        service = new RedisLockService(client, settings.keyPrefix(), topology.describe(settings));
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void severalSeatsOfOneFlightAreLockedAllOrNothingInOneSlot() {
        List<String> seats = List.of("seat:{SL101}:1A", "seat:{SL101}:1B", "seat:{SL101}:1C");
        Set<Integer> slots = new HashSet<>();
        for (String seat : seats) {
            slots.add(JedisClusterCRC16.getSlot(service.lockKey(seat)));
            slots.add(JedisClusterCRC16.getSlot(service.fenceKey(seat)));
        }
        assertThat(slots).as("slots of the lock and fence keys of one flight").hasSize(1);

        LockLease lease = service.acquire(seats, LEASE, Duration.ZERO);
        assertThatThrownBy(
                        () ->
                                service.acquire(
                                        List.of("seat:{SL101}:1C", "seat:{SL101}:1D"),
                                        LEASE,
                                        Duration.ZERO))
                .isInstanceOf(LockNotAcquiredException.class)
                .hasMessageContaining("1C");
        assertThat(service.heldKeys(List.of("seat:{SL101}:1C", "seat:{SL101}:1D")))
                .containsExactly("seat:{SL101}:1C");
        assertThat(service.isHeld(lease)).isTrue();
        assertThat(service.release(lease)).isEqualTo(ReleaseOutcome.RELEASED);
        LockLease again =
                service.acquire(
                        List.of("seat:{SL101}:1C", "seat:{SL101}:1D"), LEASE, Duration.ZERO);
        assertThat(again.fencingToken("seat:{SL101}:1C"))
                .isGreaterThan(lease.fencingToken("seat:{SL101}:1C"));
    }

    @Test
    void flightsAreSpreadOverThePrimariesAndLockOnEach() {
        Set<Integer> ports = new HashSet<>();
        for (int flight = 100; flight < 140; flight++) {
            String seat = "seat:{SL" + flight + "}:5F";
            LockLease lease = service.acquire(List.of(seat), LEASE, Duration.ZERO);
            long ahead = lease.fencingToken(seat) + 1_000_000_000L; // 1000 s of Redis' clock ahead
            assertThat(service.advanceFence(seat, ahead)).isEqualTo(ahead);
            service.release(lease);
            assertThat(service.acquire(List.of(seat), LEASE, Duration.ZERO).fencingToken(seat))
                    .as("token after advancing the fence of " + seat)
                    .isEqualTo(ahead + 1);
            try (redis.clients.jedis.Connection node =
                    ((redis.clients.jedis.RedisClusterClient) client)
                            .getConnectionFromSlot(
                                    JedisClusterCRC16.getSlot(service.lockKey(seat)))) {
                ports.add(node.getHostAndPort().getPort());
            }
        }
        assertThat(ports).as("primaries that hold some flight's locks").hasSize(3);
    }

    @Test
    void aReleaseWakesAWaiterOfAnotherServerThroughTheFlightsShard() throws Exception {
        // Two "servers" on the cluster, each with its own sharded subscriptions; the waiter's own
        // retry is 20 s away, so a hand-off within a second came by SPUBLISH from the release.
        RedisClusterClient cluster = (RedisClusterClient) client;
        try (ReleaseNotices aNotices = shardedNotices(cluster);
                ReleaseNotices bNotices = shardedNotices(cluster)) {
            RedisLockService a = serviceWith(aNotices);
            RedisLockService b = serviceWith(bNotices);
            for (String seat : List.of("seat:{SL201}:1A", "seat:{SL202}:1A", "seat:{SL203}:1A")) {
                LockLease held = a.acquire(List.of(seat), Duration.ofSeconds(60), Duration.ZERO);
                long tries = b.acquireAttempts();
                CompletableFuture<Long> taken =
                        CompletableFuture.supplyAsync(
                                () -> {
                                    b.release(
                                            b.acquire(
                                                    List.of(seat),
                                                    Duration.ofSeconds(60),
                                                    Duration.ofSeconds(60)));
                                    return System.nanoTime();
                                });
                List<String> channel = List.of(bNotices.channelOf(b.lockKey(seat)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (b.acquireAttempts() == tries || !bNotices.listening(channel)) {
                    assertThat(System.nanoTime())
                            .as("B tried once and subscribed to " + channel)
                            .isLessThan(deadline);
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                TimeUnit.MILLISECONDS.sleep(200);
                long released = System.nanoTime();
                a.release(held);
                long at = taken.get(30, TimeUnit.SECONDS);
                assertThat(Duration.ofNanos(at - released))
                        .as("hand-off of " + seat + " from A to B")
                        .isLessThan(Duration.ofSeconds(1));
            }
        }
    }

    private static ReleaseNotices shardedNotices(RedisClusterClient cluster) {
        return ReleaseNotices.sharded(
                settings.keyPrefix(),
                slot -> {
                    try (redis.clients.jedis.Connection c = cluster.getConnectionFromSlot(slot)) {
                        return c.getHostAndPort();
                    }
                },
                settings.clientConfig());
    }

    private static RedisLockService serviceWith(ReleaseNotices notices) {
        return new RedisLockService(
                client,
                settings.keyPrefix(),
                "cluster",
                RedisLockService.DEFAULT_FENCE_TTL,
                notices,
                Duration.ofSeconds(20));
    }
}
