package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.lock.ReleaseOutcome;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import dev.seatlock.testing.Sleep;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lock while its Redis crashes, freezes and comes back empty. Needs a Redis this JVM controls.
 */
class RedisOutageTest {

    private static final Duration LEASE = Duration.ofSeconds(10);

    /** Scheduling slack on a shared 2-core machine. */
    private static final Duration MARGIN = Duration.ofMillis(700);

    private static RedisServer redis;

    private LockTestSupport.Lock lock;
    private RedisLockService service;

    @BeforeAll
    static void startRedis() {
        redis = RedisServers.startCrashable();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void newService() {
        redis.start(); // a previous test may have left it killed
        lock = LockTestSupport.Lock.on(LockTestSupport.settingsFor(redis));
        service = lock.service();
    }

    @AfterEach
    void closeClient() {
        lock.close();
    }

    @Test
    void fencingTokensKeepIncreasingAfterRedisRestartsEmpty() {
        LockLease before = service.acquire(List.of("seat:{SL101}:1A"), LEASE, Duration.ZERO);
        long tokenBefore = before.fencingToken("seat:{SL101}:1A");

        redis.restart();
        LockLease after = service.acquire(List.of("seat:{SL101}:1A"), LEASE, Duration.ZERO);

        assertThat(lock.client().exists(service.lockKey("seat:{SL101}:1A")))
                .as("the key exists again only because we re-took it")
                .isTrue();
        assertThat(after.fencingToken("seat:{SL101}:1A"))
                .as("token after an empty restart")
                .isGreaterThan(tokenBefore);
        assertThat(service.release(before))
                .as("the old lease died with the old Redis")
                .isEqualTo(ReleaseOutcome.LEASE_ALREADY_LOST);
    }

    @Test
    void scriptsAreLoadedAgainAfterRedisRestartsEmpty() {
        service.acquire(List.of("k1"), LEASE, Duration.ZERO);
        long loadsBefore = service.scriptLoads();

        redis.restart();
        LockLease lease = service.acquire(List.of("k2"), LEASE, Duration.ZERO);

        assertThat(service.isHeld(lease))
                .as("acquired with the same service after the restart")
                .isTrue();
        assertThat(service.scriptLoads())
                .as("scripts loaded again after NOSCRIPT")
                .isGreaterThan(loadsBefore);
    }

    @Test
    void aKilledRedisFailsFastAndTheSameServiceWorksOnceItIsBack() {
        LockLease held = service.acquire(List.of("k"), LEASE, Duration.ZERO);

        redis.kill();
        assertUnavailableWithinTimeout(
                "acquire", () -> service.acquire(List.of("k2"), LEASE, Duration.ofSeconds(5)));
        assertUnavailableWithinTimeout("release", () -> service.release(held));
        assertUnavailableWithinTimeout("extend", () -> service.extend(held, LEASE));
        assertUnavailableWithinTimeout("isHeld", () -> service.isHeld(held));
        assertUnavailableWithinTimeout("heldKeys", () -> service.heldKeys(List.of("k")));

        redis.restart();
        LockLease again = service.acquire(List.of("k"), LEASE, Duration.ZERO);
        assertThat(service.isHeld(again))
                .as("same service, same client, after Redis came back")
                .isTrue();
    }

    @Test
    void aFrozenRedisFailsWithinTheSocketTimeoutAndTheSameServiceWorksOnceItIsBack() {
        service.acquire(List.of("warm"), LEASE, Duration.ZERO); // a pooled connection exists

        redis.pause();
        try {
            assertUnavailableWithinTimeout(
                    "acquire on a frozen Redis",
                    () -> service.acquire(List.of("k"), LEASE, Duration.ofSeconds(5)));
            assertUnavailableWithinTimeout(
                    "heldKeys on a frozen Redis", () -> service.heldKeys(List.of("k")));
        } finally {
            redis.resume();
        }
        // A frozen Redis may still run the commands queued on the dropped connections once it
        // thaws, so the next lock uses a key of its own.
        LockLease lease = service.acquire(List.of("after-thaw"), LEASE, Duration.ZERO);
        assertThat(service.isHeld(lease)).as("same service works after Redis thawed").isTrue();
    }

    @Test
    void anExhaustedPoolFailsWithinItsMaxWait() throws InterruptedException {
        RedisSettings oneConnection =
                LockTestSupport.settingsFor(redis).withPool(1, Duration.ofMillis(200));
        try (LockTestSupport.Lock small = LockTestSupport.Lock.on(oneConnection)) {
            small.service().acquire(List.of("warm"), LEASE, Duration.ZERO);
            redis.pause(); // the only connection is now stuck for the socket timeout
            try {
                Thread stuck =
                        new Thread(
                                () -> {
                                    try {
                                        small.service().heldKeys(List.of("x"));
                                    } catch (LockStoreUnavailableException expected) {
                                        // it times out
                                    }
                                });
                stuck.start();
                Sleep.quietly(java.time.Duration.ofMillis(50));
                long start = System.nanoTime();
                assertThatThrownBy(() -> small.service().heldKeys(List.of("y")))
                        .as("second caller while the pool's only connection is busy")
                        .isInstanceOf(LockStoreUnavailableException.class);
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(elapsed)
                        .as("failed within pool wait + connect + socket timeout + margin")
                        .isLessThan(oneConnection.worstCaseCallTime().plus(MARGIN).toMillis());
                stuck.join(5000);
            } finally {
                redis.resume();
            }
        }
    }

    private void assertUnavailableWithinTimeout(String what, ThrowingCallable call) {
        Duration bound = lock.settings().worstCaseCallTime().plus(MARGIN);
        long start = System.nanoTime();
        assertThatThrownBy(call)
                .as(what)
                .isInstanceOf(LockStoreUnavailableException.class)
                .hasMessageContaining(lock.settings().address())
                .hasMessageContaining(
                        "socket timeout " + LockTestSupport.SOCKET_TIMEOUT.toMillis() + " ms");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf(
                "[outage] %s failed after %d ms (bound %d ms)%n", what, elapsed, bound.toMillis());
        assertThat(elapsed)
                .as("%s failed within %d ms", what, bound.toMillis())
                .isLessThan(bound.toMillis());
    }
}
