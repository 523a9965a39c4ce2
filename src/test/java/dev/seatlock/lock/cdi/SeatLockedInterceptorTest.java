package dev.seatlock.lock.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.lock.Fencing;
import dev.seatlock.lock.LockKey;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.SeatLocked;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SeatLockedInterceptorTest {

    record Seat(String id) implements LockKey {
        @Override
        public String lockKey() {
            return "seat:{SL1}:" + id;
        }
    }

    /** The business bean whose methods the fake invocation "calls". */
    static class Booking {
        @SeatLocked(lease = "PT7S", waitTime = "PT0S")
        void book(Seat seat, List<Seat> more, String note) {}

        void inheritsClassDefaults(Seat seat) {}

        @SeatLocked(fenced = false)
        void confirmOnce(Seat seat) {}
    }

    @SeatLocked(lease = "PT9S")
    static class AnnotatedBooking extends Booking {}

    private final InMemoryLockService store = new InMemoryLockService();
    private final CountingLockMetrics metrics = new CountingLockMetrics();
    private final LockSettings settings = LockSettings.defaults();
    private final ThreadLocalSeatLockContext context = new ThreadLocalSeatLockContext(store);
    private final LeaseWatchdog watchdog = new LeaseWatchdog(store, metrics, settings);

    @AfterEach
    void stopWatchdog() {
        watchdog.shutdown();
    }

    @Test
    void locksEveryKeyArgumentAndCollectionElementTogetherAndReleasesAfterwards() throws Exception {
        Seat a = new Seat("1A");
        List<Seat> more = List.of(new Seat("1B"), new Seat("1C"), a);

        Object result =
                interceptor(Booking.class)
                        .lockAndProceed(
                                call(
                                        "book",
                                        () -> {
                                            assertThat(store.held(a.lockKey())).isTrue();
                                            assertThat(context.current()).isPresent();
                                            return "done";
                                        },
                                        a,
                                        more,
                                        "window please"));

        assertThat(result).isEqualTo("done");
        assertThat(store.acquiredKeys)
                .containsExactly(List.of(a.lockKey(), "seat:{SL1}:1B", "seat:{SL1}:1C"));
        assertThat(store.leaseTimes).containsExactly(Duration.ofSeconds(7));
        assertThat(store.waitTimes).containsExactly(Duration.ZERO);
        assertThat(store.held(a.lockKey())).as("released after return").isFalse();
        assertThat(context.current()).isEmpty();
        assertThat(metrics.acquired).hasValue(1);
    }

    @Test
    void asksForFencingTokensUnlessTheAnnotationSaysFencedFalse() throws Exception {
        interceptor(Booking.class)
                .lockAndProceed(call("book", () -> null, new Seat("9A"), List.of(), "-"));
        interceptor(Booking.class)
                .lockAndProceed(
                        call(
                                "confirmOnce",
                                () -> {
                                    assertThat(context.current().orElseThrow().fenced())
                                            .as("lease of a fenced = false method")
                                            .isFalse();
                                    return null;
                                },
                                new Seat("9B")));

        assertThat(store.fencings)
                .as("fencing asked of the lock service, per call")
                .containsExactly(Fencing.TOKENS, Fencing.NONE);
    }

    @Test
    void releasesWhenTheMethodThrows() {
        Seat a = new Seat("2A");

        assertThatThrownBy(
                        () ->
                                interceptor(Booking.class)
                                        .lockAndProceed(
                                                call(
                                                        "book",
                                                        () -> {
                                                            throw new IllegalArgumentException(
                                                                    "sold out");
                                                        },
                                                        a,
                                                        List.of(),
                                                        null)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.held(a.lockKey())).isFalse();
    }

    @Test
    void keepsARetainedLeaseAfterANormalReturnButNotAfterAThrow() throws Exception {
        Seat a = new Seat("3A");
        SeatLockedInterceptor interceptor = interceptor(Booking.class);

        LockLease[] retained = new LockLease[1];
        interceptor.lockAndProceed(
                call(
                        "book",
                        () -> retained[0] = context.retain(Duration.ofMinutes(10)),
                        a,
                        List.of(),
                        null));
        assertThat(store.isHeld(retained[0])).as("retained lease after return").isTrue();
        assertThat(retained[0].leaseTime()).isEqualTo(Duration.ofMinutes(10));
        store.release(retained[0]);

        assertThatThrownBy(
                        () ->
                                interceptor.lockAndProceed(
                                        call(
                                                "book",
                                                () -> {
                                                    context.retain(Duration.ofMinutes(10));
                                                    throw new IllegalStateException(
                                                            "payment refused");
                                                },
                                                a,
                                                List.of(),
                                                null)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.held(a.lockKey())).as("retained lease after a throw").isFalse();
    }

    @Test
    void failsClearlyWhenNoArgumentIsALockKey() {
        assertThatThrownBy(
                        () ->
                                interceptor(Booking.class)
                                        .lockAndProceed(
                                                call(
                                                        "book",
                                                        () -> null,
                                                        null,
                                                        List.of("not a key"),
                                                        "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Booking.book")
                .hasMessageContaining("nothing to lock");
        assertThat(store.acquires).hasValue(0);
    }

    @Test
    void countsContentionAndDoesNotReleaseWhatItNeverGot() {
        Seat a = new Seat("4A");
        LockLease other =
                store.acquire(List.of(a.lockKey()), Duration.ofSeconds(30), Duration.ZERO);

        assertThatThrownBy(
                        () ->
                                interceptor(Booking.class)
                                        .lockAndProceed(
                                                call("book", () -> null, a, List.of(), null)))
                .isInstanceOf(LockNotAcquiredException.class);

        assertThat(metrics.contended).hasValue(1);
        assertThat(store.isHeld(other)).isTrue();
        assertThat(store.releases).hasValue(0);
    }

    @Test
    void countsAReleaseThatFindsTheLeaseAlreadyLost() throws Exception {
        Seat a = new Seat("5A");

        interceptor(Booking.class)
                .lockAndProceed(
                        call(
                                "book",
                                () -> {
                                    store.forget(a.lockKey());
                                    return null;
                                },
                                a,
                                List.of(),
                                null));

        assertThat(metrics.lost).hasValue(1);
    }

    @Test
    void readsTheAnnotationOfTheRealBeanClassAndFallsBackToTheConfiguration() throws Exception {
        Seat a = new Seat("6A");

        interceptor(AnnotatedBooking.class)
                .lockAndProceed(call("inheritsClassDefaults", () -> null, a));

        assertThat(store.leaseTimes).containsExactly(Duration.ofSeconds(9));
        assertThat(store.waitTimes).containsExactly(settings.waitTime());
    }

    @Test
    void nestedCallOnHeldKeysRunsUnderTheEnclosingLease() throws Exception {
        Seat a = new Seat("7A");
        SeatLockedInterceptor interceptor = interceptor(Booking.class);

        interceptor.lockAndProceed(
                call(
                        "book",
                        () ->
                                interceptor.lockAndProceed(
                                        call("book", () -> null, a, List.of(), null)),
                        a,
                        List.of(),
                        null));

        assertThat(store.acquires).hasValue(1);
        assertThat(store.held(a.lockKey())).isFalse();
    }

    @Test
    void runsOutsideTransactionalAndTheGuardInsideIt() {
        int transactional = Interceptor.Priority.PLATFORM_BEFORE + 200;
        assertThat(SeatLockedInterceptor.PRIORITY).isLessThan(transactional);
        assertThat(LeaseTransactionGuard.PRIORITY).isGreaterThan(transactional);
    }

    private SeatLockedInterceptor interceptor(Class<?> beanClass) {
        return new SeatLockedInterceptor(
                store,
                new SeatLockedMethods(settings),
                context,
                watchdog,
                metrics,
                bean(beanClass));
    }

    private static Bean<?> bean(Class<?> beanClass) {
        return (Bean<?>)
                Proxy.newProxyInstance(
                        Bean.class.getClassLoader(),
                        new Class<?>[] {Bean.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getBeanClass" -> beanClass;
                                    case "toString" -> "Bean[" + beanClass.getSimpleName() + "]";
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    method.getName());
                                });
    }

    private static InvocationContext call(
            String methodName, Callable<Object> body, Object... arguments) {
        Method method =
                java.util.Arrays.stream(Booking.class.getDeclaredMethods())
                        .filter(m -> m.getName().equals(methodName))
                        .findFirst()
                        .orElseThrow();
        return new InvocationContext() {
            private final Map<String, Object> data = new HashMap<>();

            @Override
            public Object getTarget() {
                return null;
            }

            @Override
            public Object getTimer() {
                return null;
            }

            @Override
            public Method getMethod() {
                return method;
            }

            @Override
            public Constructor<?> getConstructor() {
                return null;
            }

            @Override
            public Object[] getParameters() {
                return arguments;
            }

            @Override
            public void setParameters(Object[] params) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Map<String, Object> getContextData() {
                return data;
            }

            @Override
            public Object proceed() throws Exception {
                return body.call();
            }
        };
    }
}
