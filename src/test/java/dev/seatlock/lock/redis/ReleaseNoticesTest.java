package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.lock.LockLease;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A release on one server wakes a waiter on another at once: two {@link RedisLockService}
 * instances, each with its own pool and its own subscription, stand for two servers. Their timed
 * retry is 20 s (a waiter sleeps 10 to 20 s between tries of its own) and the held lease 60 s, so a
 * waiter that takes the key within a second was woken by the notice, not by its retry.
 *
 * <p>Run with {@code -Dseatlock.test.withoutPublishing=true} to release without publishing: the
 * cross-server tests must then fail, which shows they can see a missing notice.
 */
class ReleaseNoticesTest {

    private static final Duration LONG_RETRY = Duration.ofSeconds(20);
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration WAKE_WITHIN = Duration.ofSeconds(1);
    private static final boolean WITHOUT_PUBLISHING =
            Boolean.getBoolean("seatlock.test.withoutPublishing");
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServers.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    /** One "server": its own pool, its own subscription, the same key prefix as the other. */
    private record Server(UnifiedJedis client, ReleaseNotices notices, RedisLockService locks)
            implements AutoCloseable {

        static Server on(RedisSettings settings, boolean publishing) {
            UnifiedJedis client = settings.createClient();
            ReleaseNotices notices =
                    ReleaseNotices.plain(
                            settings.keyPrefix(),
                            () -> new HostAndPort(settings.host(), settings.port()),
                            settings.clientConfig());
            if (!publishing) {
                notices = notices.withoutPublishing();
            }
            return new Server(
                    client,
                    notices,
                    new RedisLockService(
                            client,
                            settings.keyPrefix(),
                            settings.describe(),
                            RedisLockService.DEFAULT_FENCE_TTL,
                            notices,
                            LONG_RETRY));
        }

        @Override
        public void close() {
            notices.close();
            client.close();
        }
    }

    @Test
    void aReleaseOnOneServerWakesAWaiterOnAnotherLongBeforeItsTimedRetry() throws Exception {
        RedisSettings settings = LockTestSupport.settingsFor(redis);
        try (Server a = Server.on(settings, !WITHOUT_PUBLISHING);
                Server b = Server.on(settings, true)) {
            awaitListening(a, b);
            Duration handOff = handOff(a, b, "seat:{SL1}:1A");
            assertThat(handOff)
                    .as(
                            "time from A's release to B's acquisition; B's own retry would come"
                                    + " after 10 to 20 s")
                    .isLessThan(WAKE_WITHIN);
        }
    }

    @Test
    void aDroppedSubscriptionIsMadeAgainAndWakesWaitersAgain() throws Exception {
        RedisSettings settings = LockTestSupport.settingsFor(redis);
        try (Server a = Server.on(settings, !WITHOUT_PUBLISHING);
                Server b = Server.on(settings, true);
                UnifiedJedis admin = settings.createClient()) {
            awaitListening(a, b);
            admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");
            await(
                    () -> !b.notices().listening(List.of()),
                    Duration.ofSeconds(5),
                    "B notices that its subscription dropped");
            awaitListening(a, b);

            Duration handOff = handOff(a, b, "seat:{SL1}:2B");
            assertThat(handOff)
                    .as("hand-off over the subscription made again")
                    .isLessThan(WAKE_WITHIN);
        }
    }

    @Test
    void aSubscriptionThatAnswersItsHeartbeatStaysUpAndOneThatStopsAnsweringIsDropped()
            throws Exception {
        assumeTrue(redis.canCrash(), "needs a Redis that can be paused");
        RedisSettings settings = LockTestSupport.settingsFor(redis);
        try (ReleaseNotices notices =
                ReleaseNotices.plain(
                                settings.keyPrefix(),
                                () -> new HostAndPort(settings.host(), settings.port()),
                                settings.clientConfig())
                        .heartbeatEvery(Duration.ofMillis(100))) {
            notices.start(
                    new ReleaseNotices.Listener() {
                        @Override
                        public void released(List<String> redisLockKeys) {}

                        @Override
                        public void listening() {}
                    });
            await(() -> notices.listening(List.of()), Duration.ofSeconds(5), "subscribed");
            TimeUnit.MILLISECONDS.sleep(1000); // ten heartbeats
            assertThat(notices.listening(List.of())).as("up after ten heartbeats").isTrue();
            assertThat(notices.connectionsMade()).as("connections made").isEqualTo(1);

            redis.pause();
            try {
                await(
                        () -> !notices.listening(List.of()),
                        Duration.ofSeconds(3),
                        "the silent subscription is dropped");
            } finally {
                redis.resume();
            }
            await(() -> notices.listening(List.of()), Duration.ofSeconds(10), "made again");
        }
    }

    @Test
    void withoutASubscriptionAWaiterPollsAsBeforeAndStillTakesTheKey() throws Exception {
        RedisSettings settings = LockTestSupport.settingsFor(redis);
        UnifiedJedis client = settings.createClient();
        // The default: no notices; a waiter backs off from 2 to 50 ms and sees the release itself.
        RedisLockService quiet = new RedisLockService(client, settings);
        try (Server a = Server.on(settings, true)) {
            LockLease held = a.locks().acquire(List.of("seat:{SL1}:3C"), LEASE, Duration.ZERO);
            CompletableFuture<Long> taken =
                    CompletableFuture.supplyAsync(
                            () -> {
                                quiet.acquire(List.of("seat:{SL1}:3C"), LEASE, LEASE);
                                return System.nanoTime();
                            });
            TimeUnit.MILLISECONDS.sleep(300);
            long released = System.nanoTime();
            a.locks().release(held);
            long at = taken.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(at - released))
                    .as("poll of a waiter without notices")
                    .isLessThan(Duration.ofMillis(500));
        } finally {
            client.close();
        }
    }

    @Test
    void theChannelOfAKeyCarriesItsHashTagSoThatItHashesToTheKeysSlot() {
        ReleaseNotices notices =
                ReleaseNotices.plain(
                        "p:",
                        () -> new HostAndPort("localhost", 1),
                        LockTestSupport.settingsFor(redis).clientConfig());
        String key = "p:lock:seat:{SL101}:12C";
        assertThat(notices.channelOf(key)).isEqualTo("p:released:{SL101}");
        assertThat(JedisClusterCRC16.getSlot(notices.channelOf(key)))
                .as("slot of the channel against the key's")
                .isEqualTo(JedisClusterCRC16.getSlot(key));
        assertThat(notices.channelOf("p:lock:plain"))
                .as("a key without hash tag is its own tag")
                .isEqualTo("p:released:{p:lock:plain}");
        assertThat(JedisClusterCRC16.getSlot(notices.channelOf("p:lock:plain")))
                .isEqualTo(JedisClusterCRC16.getSlot("p:lock:plain"));
    }

    /**
     * A holds the key; B waits for it and has made its first try; A releases. Returns the time from
     * the release to B's acquisition.
     */
    private static Duration handOff(Server a, Server b, String key) throws Exception {
        LockLease held = a.locks().acquire(List.of(key), LEASE, Duration.ZERO);
        long triesBefore = b.locks().acquireAttempts();
        CompletableFuture<Long> taken =
                CompletableFuture.supplyAsync(
                        () -> {
                            LockLease lease = b.locks().acquire(List.of(key), LEASE, LEASE);
                            long at = System.nanoTime();
                            b.locks().release(lease);
                            return at;
                        });
        await(
                () -> b.locks().acquireAttempts() > triesBefore,
                Duration.ofSeconds(5),
                "B tries once and finds the key held");
        TimeUnit.MILLISECONDS.sleep(200); // B is asleep now, 10 to 20 s before its next try
        long released = System.nanoTime();
        a.locks().release(held);
        long at = taken.get(30, TimeUnit.SECONDS);
        return Duration.ofNanos(at - released);
    }

    private static void awaitListening(Server... servers) throws InterruptedException {
        for (Server server : servers) {
            await(
                    () -> server.notices().listening(List.of()),
                    Duration.ofSeconds(5),
                    "the subscription is up");
        }
    }

    private static void await(BooleanSupplier condition, Duration within, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
