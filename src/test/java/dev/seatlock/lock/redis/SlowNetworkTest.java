package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.testing.DelayProxy;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lock behind a slow network: a {@link DelayProxy} between the lock service and Redis holds
 * back every reply. Below the socket timeout calls are merely slower; beyond it every call fails
 * with {@link LockStoreUnavailableException} within the configured worst case, and no caller thread
 * stays stuck.
 */
class SlowNetworkTest {

    private static final Duration LEASE = Duration.ofSeconds(10);

    /** Scheduling slack on a shared 2-core machine. */
    private static final Duration MARGIN = Duration.ofMillis(1500);

    private static final int CALLERS = 12;

    private static RedisServer redis;
    private DelayProxy proxy;
    private LockTestSupport.Lock lock;

    @BeforeAll
    static void startRedis() {
        redis = RedisServers.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void proxyAndService() {
        proxy = DelayProxy.to(redis.host(), redis.port());
        RedisSettings direct = LockTestSupport.settingsFor(redis);
        lock =
                LockTestSupport.Lock.on(
                        RedisSettings.fromUrl(proxy.redisUrl())
                                .withTimeouts(
                                        LockTestSupport.CONNECT_TIMEOUT,
                                        LockTestSupport.SOCKET_TIMEOUT)
                                .withPool(8, LockTestSupport.POOL_MAX_WAIT)
                                .withKeyPrefix(direct.keyPrefix()));
    }

    @AfterEach
    void closeAll() {
        lock.close();
        proxy.close();
    }

    @Test
    void aNetworkSlowerThanTheSocketTimeoutFailsEveryCallInTimeAndLeavesNoThreadStuck()
            throws Exception {
        RedisLockService service = lock.service();
        LockLease held = service.acquire(List.of("seat:{SL101}:1A"), LEASE, Duration.ZERO);

        proxy.delay(Duration.ofSeconds(2)); // far beyond the 300 ms socket timeout
        Duration bound = lock.settings().worstCaseCallTime().plus(MARGIN);
        ExecutorService callers =
                Executors.newFixedThreadPool(CALLERS, daemon("slow-network-caller"));
        List<Future<Long>> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int n = i;
            calls.add(
                    callers.submit(
                            timed(
                                    switch (n % 4) {
                                        case 0 ->
                                                () ->
                                                        service.acquire(
                                                                List.of(
                                                                        "seat:{SL101}:"
                                                                                + (n + 2)
                                                                                + "B"),
                                                                LEASE,
                                                                Duration.ofSeconds(5));
                                        case 1 -> () -> service.isHeld(held);
                                        case 2 -> () -> service.extend(held, LEASE);
                                        default ->
                                                () -> service.heldKeys(List.of("seat:{SL101}:1A"));
                                    })));
        }
        int unavailable = 0;
        for (Future<Long> call : calls) {
            try {
                call.get(bound.toMillis() * 3, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TimedFailure failure) {
                    assertThat(failure.getCause())
                            .as("what a caller got from a slow Redis")
                            .isInstanceOf(LockStoreUnavailableException.class);
                    assertThat(failure.millis)
                            .as(
                                    "a call failed within %d ms (worst case + margin)",
                                    bound.toMillis())
                            .isLessThan(bound.toMillis());
                    unavailable++;
                    continue;
                }
                throw e;
            }
        }
        callers.shutdown();
        assertThat(callers.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS))
                .as("every caller thread is free again")
                .isTrue();
        System.out.printf(
                "[slow-network] %d calls, %d LockStoreUnavailableException, delay 2000 ms, bound %d ms%n",
                CALLERS, unavailable, bound.toMillis());
        assertThat(unavailable).as("calls that failed as unavailable").isEqualTo(CALLERS);
        assertThat(threadsInsideTheLockService())
                .as("threads still inside RedisLockService")
                .isEmpty();

        proxy.delay(Duration.ZERO);
        LockLease after =
                service.acquire(List.of("seat:{SL101}:30F"), LEASE, Duration.ofSeconds(2));
        assertThat(service.isHeld(after))
                .as("the same service works once the network is fast again")
                .isTrue();
    }

    @Test
    void aNetworkSlowerThanUsualButWithinTheSocketTimeoutOnlySlowsCallsDown() {
        RedisLockService service = lock.service();
        proxy.delay(Duration.ofMillis(80));

        long start = System.nanoTime();
        LockLease lease = service.acquire(List.of("seat:{SL101}:2A"), LEASE, Duration.ZERO);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(service.isHeld(lease)).isTrue();
        assertThat(millis).as("the delay was really there").isGreaterThanOrEqualTo(80);
        try {
            service.acquire(List.of("seat:{SL101}:2A"), LEASE, Duration.ZERO);
            throw new AssertionError("a held key was taken again");
        } catch (LockNotAcquiredException expected) {
            // a slow network changes nothing about who holds what
        }
    }

    private static List<String> threadsInsideTheLockService() {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
        return Arrays.stream(threads)
                .filter(
                        t ->
                                Arrays.stream(t.getStackTrace())
                                        .anyMatch(
                                                frame ->
                                                        frame.getClassName()
                                                                .equals(
                                                                        RedisLockService.class
                                                                                .getName())))
                .map(ThreadInfo::getThreadName)
                .toList();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A call's failure with how long it took to fail. */
    private static final class TimedFailure extends Exception {
        final long millis;

        TimedFailure(Throwable cause, long millis) {
            super(cause);
            this.millis = millis;
        }
    }

    private static Callable<Long> timed(Callable<?> call) {
        return () -> {
            long start = System.nanoTime();
            try {
                call.call();
            } catch (RuntimeException e) {
                throw new TimedFailure(e, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        };
    }
}
