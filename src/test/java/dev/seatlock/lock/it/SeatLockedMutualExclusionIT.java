package dev.seatlock.lock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.ReleaseOutcome;
import dev.seatlock.testing.Deployments;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @SeatLocked} on a running Liberty against a real Redis: one holder per seat, many seats at
 * once.
 */
@ExtendWith(ArquillianExtension.class)
class SeatLockedMutualExclusionIT {

    private static final int THREADS = 6;

    @Deployment
    static WebArchive deployment() {
        return Deployments.seatLockWith(
                SeatLockedMutualExclusionIT.class,
                TestSeat.class,
                ConcurrencyProbe.class,
                SeatCounter.class);
    }

    @Inject SeatCounter counter;

    @Inject LockService lockService;

    @org.junit.jupiter.api.BeforeEach
    void createBeansOnAContainerThread() {
        counter.probe(new TestSeat("warm", "up"));
    }

    @Test
    void callsOnOneSeatNeverOverlap() throws Exception {
        TestSeat seat = new TestSeat("MX" + UUID.randomUUID(), "12C");
        int callsPerThread = 20;

        runConcurrently(
                THREADS,
                thread -> {
                    for (int i = 0; i < callsPerThread; i++) {
                        counter.increment(seat, "one-seat", 2);
                    }
                    return null;
                });

        assertThat(counter.probe(seat).maxInside())
                .as("callers inside the locked method at once")
                .isEqualTo(1);
        assertThat(counter.probe(seat).unsafeCount())
                .as("non-atomic counter after %d locked increments", THREADS * callsPerThread)
                .isEqualTo(THREADS * callsPerThread);
    }

    @Test
    void callsOnDifferentSeatsRunInParallel() throws Exception {
        String flight = "MX" + UUID.randomUUID();
        String run = "many-seats-" + UUID.randomUUID();

        runConcurrently(
                THREADS,
                thread -> {
                    TestSeat ownSeat = new TestSeat(flight, thread + "A");
                    for (int i = 0; i < 3; i++) {
                        counter.increment(ownSeat, run, 100);
                    }
                    return null;
                });

        assertThat(counter.run(run).maxInside())
                .as("callers on different seats inside at once")
                .isGreaterThan(1);
    }

    @Test
    void retainedLeaseOutlivesTheCallUntilReleased() {
        String flight = "RT" + UUID.randomUUID();
        List<TestSeat> seats = List.of(new TestSeat(flight, "1A"), new TestSeat(flight, "1B"));

        LockLease hold = counter.holdAll(seats, Duration.ofMinutes(5));

        assertThat(hold.keys()).containsExactly(seats.get(0).lockKey(), seats.get(1).lockKey());
        assertThat(lockService.isHeld(hold))
                .as("retained lease still held after the method returned")
                .isTrue();
        assertThat(hold.remaining()).isGreaterThan(Duration.ofMinutes(4));
        assertThat(lockService.release(hold)).isEqualTo(ReleaseOutcome.RELEASED);
    }

    @Test
    void retainedLeaseIsReleasedWhenTheMethodThrows() {
        TestSeat seat = new TestSeat("RT" + UUID.randomUUID(), "2A");

        assertThatThrownBy(() -> counter.holdThenFail(seat, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);

        LockLease next =
                lockService.acquire(List.of(seat.lockKey()), Duration.ofSeconds(5), Duration.ZERO);
        assertThat(lockService.release(next)).isEqualTo(ReleaseOutcome.RELEASED);
    }

    @Test
    void methodWithoutLockKeyArgumentIsAProgrammingError() {
        assertThatThrownBy(() -> counter.lockNothing("12C"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SeatCounter.lockNothing")
                .hasMessageContaining("LockKey");
    }

    private static void runConcurrently(int threads, ThreadTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> task.run(thread)));
            }
            for (Future<Void> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThreadTask {
        Void run(int thread) throws Exception;
    }
}
