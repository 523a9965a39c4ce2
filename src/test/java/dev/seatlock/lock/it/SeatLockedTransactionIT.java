package dev.seatlock.lock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.cdi.LockMetrics;
import dev.seatlock.testing.Deployments;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code @SeatLocked} with {@code @Transactional} on a running Liberty: the lock is held until the
 * transaction committed, and a lease lost while the method runs rolls its transaction back.
 */
@ExtendWith(ArquillianExtension.class)
class SeatLockedTransactionIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.seatLockWith(
                SeatLockedTransactionIT.class,
                TestSeat.class,
                SeatBookings.class,
                BookingWriter.class);
    }

    @Inject SeatBookings bookings;

    @Inject LockMetrics metrics;

    @Inject LockService lockService;

    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        bookings.rows("warm-up"); // creates the bean (and its table) on a container thread
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void nextHolderOfTheLockSeesTheCommittedRow() throws Exception {
        TestSeat seat = new TestSeat("TX" + UUID.randomUUID(), "3C");
        String booking = "b-" + UUID.randomUUID();
        CountDownLatch written = new CountDownLatch(1);

        // The writer's commit takes 300 ms after its method body ends; a lock released at the end
        // of the body instead of after the commit lets the reader in during those 300 ms.
        Future<?> writer =
                pool.submit(
                        () ->
                                bookings.bookWithSlowCommit(
                                        seat, booking, Duration.ofMillis(300), written));
        assertThat(written.await(20, TimeUnit.SECONDS)).as("writer wrote its row").isTrue();
        SeatBookings.Observation seen = bookings.observe(seat, booking);

        assertThat(seen.writerCommitted())
                .as("the writer's transaction had committed when the reader got the lock")
                .isTrue();
        assertThat(seen.rows()).as("rows the reader saw once it held the lock").isEqualTo(1);
        writer.get(20, TimeUnit.SECONDS);
    }

    @Test
    void leaseLostBeforeCommitRollsTheTransactionBack() throws Exception {
        TestSeat seat = new TestSeat("LL" + UUID.randomUUID(), "4D");
        String booking = "b-" + UUID.randomUUID();
        long lostBefore = metrics.leasesLost();
        long rollbacksBefore = metrics.rollbacks();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);

        Future<?> call =
                pool.submit(
                        () -> {
                            bookings.bookAndWait(seat, booking, written, proceed);
                            return null;
                        });
        assertThat(written.await(20, TimeUnit.SECONDS)).as("method wrote its row").isTrue();
        deleteLockInRedis(seat);
        proceed.countDown(); // returns at once: the commit check, not the watchdog, finds the loss

        assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(LeaseLostException.class);
        assertThat(bookings.rows(booking)).as("rows written under the lost lease").isZero();
        assertThat(metrics.leasesLost()).as("leases lost").isGreaterThan(lostBefore);
        assertThat(metrics.rollbacks())
                .as("rollbacks for lost leases")
                .isEqualTo(rollbacksBefore + 1);
    }

    @Test
    void leaseLostWhileTheMethodRunsIsNoticedByTheWatchdogAndRollsBack() throws Exception {
        TestSeat seat = new TestSeat("LW" + UUID.randomUUID(), "5E");
        String booking = "b-" + UUID.randomUUID();
        long rollbacksBefore = metrics.rollbacks();
        long lostBefore = metrics.leasesLost();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);

        Future<?> call =
                pool.submit(
                        () -> {
                            bookings.bookAndWait(seat, booking, written, proceed);
                            return null;
                        });
        assertThat(written.await(20, TimeUnit.SECONDS)).isTrue();
        deleteLockInRedis(seat);
        Thread.sleep(900); // past the renewal at half of the 1 s lease
        long lostWhileRunning = metrics.leasesLost() - lostBefore;
        proceed.countDown();

        assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(LeaseLostException.class);
        assertThat(lostWhileRunning)
                .as("losses the watchdog counted while the method ran")
                .isEqualTo(1);
        assertThat(bookings.rows(booking)).isZero();
        assertThat(metrics.rollbacks()).isEqualTo(rollbacksBefore + 1);
    }

    @Test
    void watchdogKeepsTheLeaseOfASlowMethod() throws Exception {
        TestSeat seat = new TestSeat("SL" + UUID.randomUUID(), "6F");
        String booking = "b-" + UUID.randomUUID();
        long renewalsBefore = metrics.renewals();
        long lostBefore = metrics.leasesLost();

        CompletableFuture.runAsync(
                        () -> bookings.bookSlowly(seat, booking, Duration.ofMillis(2200)), pool)
                .get(20, TimeUnit.SECONDS);

        assertThat(bookings.rows(booking))
                .as("row of a method that ran 2.2 times its lease")
                .isEqualTo(1);
        assertThat(metrics.renewals() - renewalsBefore)
                .as("renewals of a 1 s lease over 2.2 s")
                .isBetween(3L, 5L);
        assertThat(metrics.leasesLost()).isEqualTo(lostBefore);
    }

    @Test
    void storedLeaseGuardsALaterTransaction() {
        TestSeat seat = new TestSeat("HD" + UUID.randomUUID(), "7A");
        LockLease hold =
                lockService.acquire(
                        java.util.List.of(seat.lockKey()), Duration.ofMinutes(1), Duration.ZERO);
        String kept = "b-" + UUID.randomUUID();
        String lost = "b-" + UUID.randomUUID();
        long rollbacksBefore = metrics.rollbacks();

        bookings.confirmHold(hold, kept);
        deleteLockInRedis(seat);
        assertThatThrownBy(() -> bookings.confirmHold(hold, lost))
                .isInstanceOf(TransactionalException.class);

        assertThat(bookings.rows(kept)).as("booking confirmed under a held lease").isEqualTo(1);
        assertThat(bookings.rows(lost)).as("booking confirmed under a lost lease").isZero();
        assertThat(metrics.rollbacks()).isEqualTo(rollbacksBefore + 1);
    }

    @Test
    void transactionStartedInsideTheLockedCallIsGuardedToo() throws Exception {
        TestSeat seat = new TestSeat("IN" + UUID.randomUUID(), "8B");
        String booking = "b-" + UUID.randomUUID();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);

        Future<?> call =
                pool.submit(
                        () -> {
                            bookings.bookThroughAnotherBean(seat, booking, written, proceed);
                            return null;
                        });
        assertThat(written.await(20, TimeUnit.SECONDS)).isTrue();
        deleteLockInRedis(seat);
        proceed.countDown();

        assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(LeaseLostException.class);
        assertThat(bookings.rows(booking))
                .as("row of the inner transaction under a lost lease")
                .isZero();
    }

    /** What a crash, a long GC pause or an operator could do: the lock key vanishes from Redis. */
    private static void deleteLockInRedis(TestSeat seat) {
        String url = System.getProperty("seatlock.redis.url");
        assertThat(url).as("seatlock.redis.url of the server").isNotBlank();
        try (UnifiedJedis jedis = RedisClient.create(URI.create(url))) {
            Set<String> keys = jedis.keys("*lock:" + seat.lockKey());
            assertThat(keys).as("the seat's lock key in Redis").hasSize(1);
            assertThat(jedis.del(keys.toArray(String[]::new))).isEqualTo(1);
        }
    }
}
