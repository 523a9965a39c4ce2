package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.lock.Fencing;
import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.ReleaseOutcome;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lock's contract on a real Redis that stays up. Each test has a key prefix of its own. */
class RedisLockServiceTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static RedisServer redis;

    private LockTestSupport.Lock lock;
    private RedisLockService service;

    @BeforeAll
    static void startRedis() {
        redis = RedisServers.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void newService() {
        lock = LockTestSupport.Lock.on(LockTestSupport.settingsFor(redis));
        service = lock.service();
    }

    private long fenceKeyTtlAfterAcquiring(RedisLockService lockService, String key) {
        lockService.acquire(List.of(key), LEASE, Duration.ZERO);
        return lock.client().pttl(lockService.fenceKey(key));
    }

    @AfterEach
    void closeClient() {
        lock.close();
    }

    @Test
    void aHeldKeyCannotBeTakenByAnotherAcquisition() {
        LockLease first = service.acquire(List.of("seat:{SL101}:12C"), LEASE, Duration.ZERO);

        assertThatThrownBy(
                        () ->
                                service.acquire(
                                        List.of("seat:{SL101}:12C"), LEASE, Duration.ofMillis(100)))
                .as("second acquisition of a held key")
                .isInstanceOf(LockNotAcquiredException.class)
                .satisfies(
                        e ->
                                assertThat(((LockNotAcquiredException) e).heldKeys())
                                        .as("held keys reported")
                                        .containsExactly("seat:{SL101}:12C"));
        assertThat(service.isHeld(first)).as("first lease still held").isTrue();
    }

    @Test
    void locksAreStoredUnderTheDocumentedKeysWithTheOwnerTokenAndAnExpiry() {
        LockLease lease = service.acquire(List.of("seat:{SL101}:12C"), LEASE, Duration.ZERO);
        String lockKey = lock.settings().keyPrefix() + "lock:seat:{SL101}:12C";
        String fenceKey = lock.settings().keyPrefix() + "fence:seat:{SL101}:12C";

        assertThat(lock.client().get(lockKey))
                .as("lock key value is the owner token")
                .isEqualTo(lease.ownerToken());
        assertThat(lock.client().pttl(lockKey))
                .as("lock key expiry")
                .isBetween(1L, LEASE.toMillis());
        assertThat(lock.client().get(fenceKey))
                .as("fence key holds the token, without exponent")
                .isEqualTo(Long.toString(lease.fencingToken("seat:{SL101}:12C")));
        assertThat(lease.ownerToken())
                .as("owner token of 128 bits, base64url")
                .hasSizeGreaterThanOrEqualTo(22);
    }

    @Test
    void aKeyBecomesAcquirableWhenItsLeaseRunsOut() {
        LockLease first = service.acquire(List.of("k"), Duration.ofMillis(150), Duration.ZERO);

        long start = System.nanoTime();
        LockLease second = service.acquire(List.of("k"), LEASE, Duration.ofSeconds(2));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(waitedMillis)
                .as("waited about the rest of the 150 ms lease")
                .isBetween(50L, 1000L);
        assertThat(service.isHeld(first)).as("expired lease no longer held").isFalse();
        assertThat(service.isHeld(second)).as("new lease held").isTrue();
        assertThat(service.release(first))
                .as("release of the expired lease")
                .isEqualTo(ReleaseOutcome.LEASE_ALREADY_LOST);
        assertThat(service.isHeld(second))
                .as("new lease survives the old owner's release")
                .isTrue();
    }

    @Test
    void aLeaseWithAnotherOwnerTokenCannotReleaseTheKey() {
        LockLease owner = service.acquire(List.of("k"), LEASE, Duration.ZERO);
        LockLease impostor =
                new LockLease(
                        "not-the-owner-token", owner.fencingTokens(), LEASE, owner.deadlineNanos());

        assertThat(service.release(impostor))
                .as("release by a non-owner")
                .isEqualTo(ReleaseOutcome.LEASE_ALREADY_LOST);
        assertThat(service.isHeld(owner)).as("the real owner still holds").isTrue();
        assertThat(service.release(owner))
                .as("release by the owner")
                .isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(service.heldKeys(List.of("k"))).as("key free after release").isEmpty();
    }

    @Test
    void aLeaseCanBeReleasedFromAnotherThread() throws Exception {
        LockLease lease = service.acquire(List.of("k"), LEASE, Duration.ZERO);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertThat(other.submit(() -> service.release(lease)).get(5, TimeUnit.SECONDS))
                    .as("release from another thread")
                    .isEqualTo(ReleaseOutcome.RELEASED);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void extendWorksOnlyWhileEveryKeyIsOwned() {
        LockLease lease = service.acquire(List.of("a", "b"), Duration.ofMillis(500), Duration.ZERO);

        LockLease extended = service.extend(lease, Duration.ofSeconds(20));
        assertThat(extended.leaseTime()).as("new lease time").isEqualTo(Duration.ofSeconds(20));
        assertThat(extended.remaining())
                .as("local deadline moved")
                .isGreaterThan(Duration.ofSeconds(19));
        assertThat(lock.client().pttl(service.lockKey("a")))
                .as("Redis expiry moved")
                .isGreaterThan(19_000L);

        // Someone else's lease takes b after ours "expired" there: delete b behind our back and
        // retake it.
        lock.client().del(service.lockKey("b"));
        LockLease thief = service.acquire(List.of("b"), LEASE, Duration.ZERO);
        long aTtlBefore = lock.client().pttl(service.lockKey("a"));

        assertThatThrownBy(() -> service.extend(extended, Duration.ofSeconds(60)))
                .as("extend with one key lost")
                .isInstanceOf(LeaseLostException.class);
        assertThat(lock.client().pttl(service.lockKey("a")))
                .as("a was not extended: all or nothing")
                .isLessThanOrEqualTo(aTtlBefore);
        assertThat(service.isHeld(thief)).as("the other owner keeps b").isTrue();
        assertThat(service.isHeld(extended)).as("our lease is not held as a whole").isFalse();
    }

    @Test
    void aMultiKeyAcquisitionTakesNoKeyWhenOneOfThemIsHeldElsewhere() {
        LockLease elsewhere = service.acquire(List.of("seat:{SL101}:12B"), LEASE, Duration.ZERO);
        List<String> row = List.of("seat:{SL101}:12A", "seat:{SL101}:12B", "seat:{SL101}:12C");

        assertThatThrownBy(() -> service.acquire(row, LEASE, Duration.ofMillis(50)))
                .as("acquiring a row with 12B taken")
                .isInstanceOf(LockNotAcquiredException.class)
                .satisfies(
                        e ->
                                assertThat(((LockNotAcquiredException) e).heldKeys())
                                        .as("held keys reported")
                                        .containsExactly("seat:{SL101}:12B"));

        assertThat(service.heldKeys(row))
                .as("none of the other keys got taken")
                .containsExactly("seat:{SL101}:12B");
        assertThat(lock.client().exists(service.fenceKey("seat:{SL101}:12A")))
                .as("no fencing token handed out for 12A")
                .isFalse();
        service.release(elsewhere);
        LockLease all = service.acquire(row, LEASE, Duration.ZERO);
        assertThat(all.keys()).as("whole row once 12B is free").containsExactlyElementsOf(row);
    }

    @Test
    void heldKeysReportsOnlyTheHeldSubsetInOneCall() {
        service.acquire(List.of("s1", "s3"), LEASE, Duration.ZERO);
        long callsBefore = service.scriptCalls();

        Set<String> held = service.heldKeys(List.of("s1", "s2", "s3", "s4"));

        assertThat(held).as("held subset").containsExactlyInAnyOrder("s1", "s3");
        assertThat(service.scriptCalls() - callsBefore)
                .as("round trips for a seat map")
                .isEqualTo(1);
    }

    @Test
    void fencingTokensStrictlyIncreaseAcrossThreadsAndTwoSeparateClients() throws Exception {
        // Two services on two pools: two application servers sharing one Redis.
        try (LockTestSupport.Lock otherServer = LockTestSupport.Lock.on(lock.settings())) {
            List<RedisLockService> servers = List.of(service, otherServer.service());
            List<Long> tokensInLockOrder = Collections.synchronizedList(new ArrayList<>());
            int threads = 8;
            int iterations = 50;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RedisLockService s = servers.get(t % 2);
                done.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    for (int i = 0; i < iterations; i++) {
                                        LockLease lease =
                                                s.acquire(
                                                        List.of("hot"),
                                                        LEASE,
                                                        Duration.ofSeconds(20));
                                        tokensInLockOrder.add(
                                                lease.fencingToken(
                                                        "hot")); // inside the lock: the order is
                                        // the lock order
                                        s.release(lease);
                                    }
                                    return null;
                                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(tokensInLockOrder)
                    .as("one token per acquisition")
                    .hasSize(threads * iterations);
            for (int i = 1; i < tokensInLockOrder.size(); i++) {
                assertThat(tokensInLockOrder.get(i))
                        .as("token %d greater than token %d", i, i - 1)
                        .isGreaterThan(tokensInLockOrder.get(i - 1));
            }
        }
    }

    @Test
    void fencingTokensAreRedisTimeInMicrosecondsOrMore() {
        long before = System.currentTimeMillis() * 1000;
        long token = service.acquire(List.of("k"), LEASE, Duration.ZERO).fencingToken("k");
        assertThat(token)
                .as("token near the current time in µs (same machine clock)")
                .isBetween(before - 5_000_000L, before + 5_000_000L);
    }

    @Test
    void scriptsForgottenByRedisAreLoadedAgain() {
        service.acquire(List.of("k1"), LEASE, Duration.ZERO);
        long loadsBefore = service.scriptLoads();

        lock.client().scriptFlush();
        LockLease lease = service.acquire(List.of("k2"), LEASE, Duration.ZERO);

        assertThat(service.isHeld(lease)).as("acquired after SCRIPT FLUSH").isTrue();
        assertThat(service.scriptLoads())
                .as("acquire script loaded again")
                .isGreaterThan(loadsBefore);
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThatThrownBy(() -> service.acquire(List.of(), LEASE, Duration.ZERO))
                .as("no keys")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.acquire(List.of("a", "a"), LEASE, Duration.ZERO))
                .as("duplicate keys")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.acquire(List.of("a"), Duration.ZERO, Duration.ZERO))
                .as("zero lease")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.acquire(List.of("a"), LEASE, Duration.ofMillis(-1)))
                .as("negative wait")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(service.heldKeys(List.of("a"))).as("nothing taken by refused calls").isEmpty();
    }

    @Test
    void aWaitingAcquisitionGivesUpAtItsDeadline() {
        service.acquire(List.of("k"), LEASE, Duration.ZERO);
        long start = System.nanoTime();
        assertThatThrownBy(() -> service.acquire(List.of("k"), LEASE, Duration.ofMillis(300)))
                .isInstanceOf(LockNotAcquiredException.class);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsed).as("gave up after about the 300 ms wait").isBetween(290L, 800L);
    }

    @Test
    void anInterruptedWaiterGivesUpAndKeepsItsInterruptFlag() throws Exception {
        service.acquire(List.of("k"), LEASE, Duration.ZERO);
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flagKept =
                new java.util.concurrent.atomic.AtomicBoolean();
        Thread waiter =
                new Thread(
                        () -> {
                            try {
                                service.acquire(List.of("k"), LEASE, Duration.ofSeconds(30));
                            } catch (RuntimeException e) {
                                thrown.set(e);
                                flagKept.set(Thread.currentThread().isInterrupted());
                            }
                        });
        waiter.start();
        Thread.sleep(100);
        waiter.interrupt();
        waiter.join(5000);

        assertThat(waiter.isAlive()).as("waiter stopped long before its 30 s wait").isFalse();
        assertThat(thrown.get())
                .as("what the interrupted waiter got")
                .isInstanceOf(LockNotAcquiredException.class);
        assertThat(flagKept.get()).as("interrupt flag restored").isTrue();
    }

    @Test
    void aThreadThatReleasesAndAsksAgainQueuesBehindTheThreadAlreadyWaitingInThisJvm()
            throws Exception {
        // Without the local hand-over the releasing thread, which asks again at once, wins nearly
        // every round against a waiter asleep in its backoff.
        String key = "seat:{SL101}:14A";
        int rounds = 20;
        int waiterFirst = 0;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < rounds; round++) {
                LockLease mine = service.acquire(List.of(key), LEASE, Duration.ZERO);
                java.util.concurrent.atomic.AtomicBoolean releaserHasIt =
                        new java.util.concurrent.atomic.AtomicBoolean();
                long attemptsBefore = service.acquireAttempts();
                Future<Boolean> waiter =
                        pool.submit(
                                () -> {
                                    LockLease lease =
                                            service.acquire(
                                                    List.of(key), LEASE, Duration.ofSeconds(5));
                                    boolean first =
                                            !releaserHasIt.get(); // read while holding the key
                                    service.release(lease);
                                    return first;
                                });
                while (service.acquireAttempts() == attemptsBefore) {
                    Thread.onSpinWait();
                }
                Thread.sleep(30); // the waiter has failed its try and is asleep in its backoff

                service.release(mine);
                LockLease again = service.acquire(List.of(key), LEASE, Duration.ofSeconds(5));
                releaserHasIt.set(true);
                service.release(again);
                if (waiter.get(10, TimeUnit.SECONDS)) {
                    waiterFirst++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(
                "[hand-over] the waiting thread got the key first in %d of %d rounds%n",
                waiterFirst, rounds);
        assertThat(waiterFirst)
                .as("rounds of %d in which the waiting thread got the key first", rounds)
                .isGreaterThanOrEqualTo(rounds * 3 / 4);
    }

    @Test
    void theAcquireScriptCanBeRetriedByTheSameOwnerButNotTakenByAnother() {
        // What a retry after a lost reply does: the same owner token runs the acquire script again.
        LockScripts scripts = new LockScripts();
        List<String> keys = List.of(service.lockKey("r"), service.fenceKey("r"));
        List<?> first =
                (List<?>)
                        scripts.run(
                                lock.client(),
                                scripts.acquire,
                                keys,
                                List.of("owner-1", "10000", "60000"));
        List<?> retry =
                (List<?>)
                        scripts.run(
                                lock.client(),
                                scripts.acquire,
                                keys,
                                List.of("owner-1", "10000", "60000"));
        List<?> other =
                (List<?>)
                        scripts.run(
                                lock.client(),
                                scripts.acquire,
                                keys,
                                List.of("owner-2", "10000", "60000"));

        assertThat(first.get(0)).as("first run takes the key").isEqualTo(1L);
        assertThat(retry.get(0)).as("a retry by the same owner succeeds").isEqualTo(1L);
        assertThat(Long.parseLong(String.valueOf(((List<?>) retry.get(1)).get(0))))
                .as("the retry hands out a newer fencing token")
                .isGreaterThan(Long.parseLong(String.valueOf(((List<?>) first.get(1)).get(0))));
        assertThat(other.get(0)).as("another owner is refused").isEqualTo(0L);
    }

    @Test
    void advanceFenceRaisesACounterThatWentBackSoTheNextTokenPassesTheHighWaterMark() {
        String key = "seat:{SL101}:20A";
        long first = service.acquire(List.of(key), LEASE, Duration.ZERO).fencingToken(key);
        lock.client().del(service.lockKey(key));
        long highWaterMark =
                first + 3_600_000_000L; // an hour of microseconds ahead of Redis' clock
        lock.client().set(service.fenceKey(key), "1"); // the counter went back, as after a restore

        assertThat(service.advanceFence(key, highWaterMark))
                .as("counter after re-seeding")
                .isEqualTo(highWaterMark);
        long next = service.acquire(List.of(key), LEASE, Duration.ZERO).fencingToken(key);

        assertThat(next).as("first token after re-seeding").isEqualTo(highWaterMark + 1);
    }

    @Test
    void anUnfencedAcquisitionWritesTheLockKeysAndNoFenceKey() {
        List<String> keys = List.of("confirm:{H1}", "confirm:{H1}:other");

        LockLease lease = service.acquire(keys, LEASE, Duration.ZERO, Fencing.NONE);

        for (String key : keys) {
            assertThat(lock.client().pttl(service.lockKey(key)))
                    .as("lock key %s expires with the lease", key)
                    .isBetween(1L, LEASE.toMillis());
            assertThat(lock.client().exists(service.fenceKey(key)))
                    .as("fence key of %s", key)
                    .isFalse();
        }
        assertThat(lease.fenced()).as("lease fenced").isFalse();
        assertThatThrownBy(() -> lease.fencingToken("confirm:{H1}"))
                .as("reading a token nobody issued")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(
                        () ->
                                service.acquire(
                                        List.of("confirm:{H1}"),
                                        LEASE,
                                        Duration.ZERO,
                                        Fencing.NONE))
                .as("an unfenced lock still excludes")
                .isInstanceOf(LockNotAcquiredException.class);
        assertThat(service.release(lease)).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(lock.client().keys(lock.settings().keyPrefix() + "*"))
                .as("keys left after release")
                .isEmpty();
    }

    @Test
    void aFencedAcquisitionsFenceKeyExpiresAfterTheFenceTtl() {
        Duration fenceTtl = Duration.ofHours(3);
        RedisLockService withTtl =
                new RedisLockService(lock.client(), lock.settings().keyPrefix(), "test", fenceTtl);
        String key = "seat:{SL101}:21A";

        LockLease lease = withTtl.acquire(List.of(key), LEASE, Duration.ZERO);
        long defaultTtl = fenceKeyTtlAfterAcquiring(service, "seat:{SL101}:21B");

        assertThat(lease.fenced()).isTrue();
        assertThat(lock.client().pttl(withTtl.fenceKey(key)))
                .as("fence key TTL after an acquisition")
                .isBetween(fenceTtl.toMillis() - 60_000, fenceTtl.toMillis());
        assertThat(defaultTtl)
                .as("fence key TTL with the default fence TTL")
                .isBetween(
                        RedisLockService.DEFAULT_FENCE_TTL.toMillis() - 60_000,
                        RedisLockService.DEFAULT_FENCE_TTL.toMillis());
    }

    @Test
    void aFenceKeyThatExpiredStillYieldsAGrowingToken() throws Exception {
        RedisLockService shortTtl =
                new RedisLockService(
                        lock.client(), lock.settings().keyPrefix(), "test", Duration.ofMillis(50));
        String key = "seat:{SL101}:21C";
        long first =
                shortTtl.acquire(List.of(key), Duration.ofMillis(20), Duration.ZERO)
                        .fencingToken(key);
        Thread.sleep(120);

        assertThat(lock.client().exists(shortTtl.fenceKey(key)))
                .as("fence key after its TTL")
                .isFalse();
        long next = shortTtl.acquire(List.of(key), LEASE, Duration.ZERO).fencingToken(key);
        assertThat(next)
                .as("token after the fence key expired: Redis' clock in µs")
                .isGreaterThan(first);
    }

    @Test
    void advancingAFenceLeavesItWithTheFenceTtl() {
        Duration fenceTtl = Duration.ofHours(2);
        RedisLockService withTtl =
                new RedisLockService(lock.client(), lock.settings().keyPrefix(), "test", fenceTtl);
        String raised = "seat:{SL101}:22A";
        String kept = "seat:{SL101}:22B";
        String legacy = "seat:{SL101}:22C";
        long token = withTtl.acquire(List.of(kept), LEASE, Duration.ZERO).fencingToken(kept);
        lock.client()
                .set(
                        withTtl.fenceKey(legacy),
                        Long.toString(token)); // no expiry, as an older SeatLock wrote it

        withTtl.advanceFence(raised, 42);
        withTtl.advanceFence(kept, 1);
        withTtl.advanceFence(legacy, 1);

        for (String key : List.of(raised, kept, legacy)) {
            assertThat(lock.client().pttl(withTtl.fenceKey(key)))
                    .as("fence TTL of %s after advanceFence", key)
                    .isBetween(fenceTtl.toMillis() - 60_000, fenceTtl.toMillis());
        }
        assertThat(lock.client().get(withTtl.fenceKey(raised))).isEqualTo("42");
        assertThat(lock.client().get(withTtl.fenceKey(kept)))
                .as("a higher counter is kept")
                .isEqualTo(Long.toString(token));
    }

    @Test
    void advanceFenceNeverLowersACounter() {
        String key = "seat:{SL101}:20B";
        long token = service.acquire(List.of(key), LEASE, Duration.ZERO).fencingToken(key);

        assertThat(service.advanceFence(key, token - 1000))
                .as("counter after a lower re-seed")
                .isEqualTo(token);
        assertThat(service.advanceFence("seat:{SL101}:never-locked", 42))
                .as("a key never locked")
                .isEqualTo(42);
        assertThat(lock.client().get(service.fenceKey(key))).isEqualTo(Long.toString(token));
    }
}
