package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.lock.Fencing;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.lock.ReleaseOutcome;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Redlock over three independent Redis servers ({@code seatlock.redis.topology=redlock}): a
 * majority makes a lease, a minority lost or restarted empty changes nothing, and without a
 * majority nothing is granted.
 */
class RedlockTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final List<RedisServer> servers = new ArrayList<>();

    private final List<UnifiedJedis> clients = new ArrayList<>();
    private RedlockService redlock;

    @BeforeAll
    static void startServers() {
        for (int i = 0; i < 3; i++) {
            servers.add(RedisServers.startCrashable());
        }
    }

    @AfterAll
    static void stopServers() {
        servers.forEach(RedisServer::close);
    }

    @BeforeEach
    void connect() {
        String prefix = "test:" + UUID.randomUUID() + ":";
        List<RedisLockService> nodes = new ArrayList<>();
        for (RedisServer server : servers) {
            server.start();
            RedisSettings settings =
                    RedisSettings.fromUrl(server.url())
                            .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300))
                            .withPool(8, Duration.ofMillis(300))
                            .withKeyPrefix(prefix);
            UnifiedJedis client = settings.createClient();
            clients.add(client);
            nodes.add(new RedisLockService(client, settings));
        }
        redlock = new RedlockService(nodes);
    }

    @AfterEach
    void close() {
        clients.forEach(UnifiedJedis::close);
    }

    @Test
    void aMajorityMakesALeaseAndASecondAcquisitionIsRefused() {
        LockLease lease =
                redlock.acquire(
                        List.of("seat:{SL101}:1A", "seat:{SL101}:1B"), LEASE, Duration.ZERO);

        assertThat(redlock.quorum()).isEqualTo(2);
        assertThat(lease.remaining())
                .as("validity is shortened by the attempt and the drift allowance")
                .isLessThan(LEASE)
                .isGreaterThan(LEASE.minusSeconds(1));
        assertThatThrownBy(
                        () ->
                                redlock.acquire(
                                        List.of("seat:{SL101}:1B"), LEASE, Duration.ofMillis(200)))
                .isInstanceOf(LockNotAcquiredException.class);
        assertThat(redlock.heldKeys(List.of("seat:{SL101}:1A", "seat:{SL101}:1C")))
                .containsExactly("seat:{SL101}:1A");
        assertThat(redlock.isHeld(lease)).isTrue();
        assertThat(redlock.release(lease)).isEqualTo(ReleaseOutcome.RELEASED);
        LockLease next = redlock.acquire(List.of("seat:{SL101}:1B"), LEASE, Duration.ZERO);
        assertThat(next.fencingToken("seat:{SL101}:1B"))
                .isGreaterThan(lease.fencingToken("seat:{SL101}:1B"));
    }

    @Test
    void anUnfencedLeaseWritesNoFenceKeyOnAnyServerAndAFencedOneExpiresOnEach() {
        LockLease unfenced =
                redlock.acquire(List.of("confirm:{H7}"), LEASE, Duration.ZERO, Fencing.NONE);
        LockLease fenced = redlock.acquire(List.of("seat:{SL101}:7A"), LEASE, Duration.ZERO);

        assertThat(unfenced.fenced()).isFalse();
        assertThat(fenced.fencingToken("seat:{SL101}:7A")).isPositive();
        long fenceTtl = RedisLockService.DEFAULT_FENCE_TTL.toMillis();
        for (UnifiedJedis client : clients) {
            assertThat(client.keys("*fence:confirm:{H7}"))
                    .as("fence key of an unfenced lock")
                    .isEmpty();
            assertThat(client.keys("*lock:confirm:{H7}"))
                    .as("lock key of an unfenced lock")
                    .hasSize(1);
            String fenceKey = client.keys("*fence:seat:{SL101}:7A").iterator().next();
            assertThat(client.pttl(fenceKey))
                    .as("fence TTL")
                    .isBetween(fenceTtl - 60_000, fenceTtl);
        }
        assertThat(redlock.release(unfenced)).isEqualTo(ReleaseOutcome.RELEASED);
    }

    @Test
    void oneServerRestartedEmptyDoesNotLetASecondHolderIn() {
        LockLease first = redlock.acquire(List.of("seat:{SL101}:2A"), LEASE, Duration.ZERO);

        servers.get(0).restart(); // forgets its copy of the lease
        assertThatThrownBy(
                        () ->
                                redlock.acquire(
                                        List.of("seat:{SL101}:2A"), LEASE, Duration.ofMillis(300)))
                .as("the other two servers still hold the lease")
                .isInstanceOf(LockNotAcquiredException.class);
        assertThat(redlock.isHeld(first)).as("held on a majority").isTrue();
        assertThat(redlock.extend(first, LEASE).remaining()).isPositive();
    }

    @Test
    void aKeyThatCannotBeTakenShowsAsHeldEvenWhenOnlyOneAnsweringServerHasIt() {
        LockLease lease = redlock.acquire(List.of("seat:{SL101}:5A"), LEASE, Duration.ZERO);
        try (UnifiedJedis third = RedisSettings.fromUrl(servers.get(2).url()).createClient()) {
            // Only the third server keeps the key: as after one server restarted empty and another
            // failed.
            String key = third.keys("*lock:seat:{SL101}:5A").iterator().next();
            String owner = third.get(key);
            redlock.release(lease);
            third.set(
                    key,
                    owner,
                    redis.clients.jedis.params.SetParams.setParams().px(LEASE.toMillis()));
        }
        assertThat(redlock.heldKeys(List.of("seat:{SL101}:5A")))
                .as("all up: a minority holds it, so it can be taken")
                .isEmpty();

        servers.get(1).kill();
        assertThat(redlock.heldKeys(List.of("seat:{SL101}:5A")))
                .as("two answer, one holds it: it cannot be taken")
                .containsExactly("seat:{SL101}:5A");
        assertThatThrownBy(
                        () ->
                                redlock.acquire(
                                        List.of("seat:{SL101}:5A"), LEASE, Duration.ofMillis(200)))
                .isInstanceOf(LockNotAcquiredException.class);
    }

    @Test
    void locksWorkWithOneServerDownAndNotWithTwo() {
        servers.get(1).kill();
        LockLease lease = redlock.acquire(List.of("seat:{SL101}:3A"), LEASE, Duration.ZERO);
        assertThat(redlock.isHeld(lease)).as("held with one server of three down").isTrue();
        assertThat(redlock.release(lease)).isEqualTo(ReleaseOutcome.RELEASED);

        servers.get(2).kill();
        assertThatThrownBy(
                        () ->
                                redlock.acquire(
                                        List.of("seat:{SL101}:3B"), LEASE, Duration.ofSeconds(1)))
                .as("one server of three cannot grant a lease")
                .isInstanceOf(LockStoreUnavailableException.class)
                .hasMessageContaining("1 of 3");
        assertThatThrownBy(() -> redlock.heldKeys(List.of("seat:{SL101}:3B")))
                .isInstanceOf(LockStoreUnavailableException.class);
    }

    @Test
    void aLeaseShorterThanTheAttemptIsNotGranted() {
        assertThatThrownBy(
                        () ->
                                redlock.acquire(
                                        List.of("seat:{SL101}:4A"),
                                        Duration.ofMillis(1),
                                        Duration.ZERO))
                .as("validity would be negative after the drift allowance")
                .isInstanceOf(LockNotAcquiredException.class);
        assertThat(redlock.heldKeys(List.of("seat:{SL101}:4A")))
                .as("the failed attempt was undone")
                .isEmpty();
    }
}
