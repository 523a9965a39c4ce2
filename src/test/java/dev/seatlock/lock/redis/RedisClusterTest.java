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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    @BeforeAll
    static void startCluster() {
        assumeTrue(
                RedisTopologies.missingBinaries().isEmpty(),
                () -> "skipped: " + RedisTopologies.missingBinaries().get());
        redis = RedisTopologies.cluster();
        RedisTopology topology =
                RedisTopology.cluster(redis.addresses("cluster-primary").subList(0, 1));
        RedisSettings settings =
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
}
