package dev.seatlock.lock.it;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.SeatLocked;
import dev.seatlock.lock.cdi.TransactionLeaseVerifier;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A test bean that writes bookings with plain JDBC on {@code jdbc/seatlock} in
 * {@code @SeatLocked @Transactional} methods, and records when each transaction really committed.
 */
@ApplicationScoped
public class SeatBookings {

    /** What a reader saw the moment it got the seat's lock. */
    public record Observation(boolean writerCommitted, int rows) {}

    @Resource(lookup = "jdbc/seatlock")
    DataSource dataSource;

    @Inject TransactionSynchronizationRegistry transactions;

    @Inject TransactionLeaseVerifier verifier;

    @Inject BookingWriter writer;

    private final Set<String> committed = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void createTable() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "CREATE TABLE IT_BOOKING (ID VARCHAR(64) PRIMARY KEY, SEAT VARCHAR(128) NOT NULL)");
        } catch (SQLException e) {
            if (!"X0Y32".equals(e.getSQLState())) { // already exists
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Books and, once the work is done, commits slowly: the commit's before-completion phase takes
     * {@code commitDelay}. A lock released before the commit lets a waiting reader in during that
     * time.
     */
    @SeatLocked(lease = "PT20S", waitTime = "PT20S")
    @Transactional
    public void bookWithSlowCommit(
            TestSeat seat, String bookingId, Duration commitDelay, CountDownLatch written) {
        insert(seat, bookingId);
        transactions.registerInterposedSynchronization(
                new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                        sleep(commitDelay);
                    }

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            committed.add(bookingId);
                        }
                    }
                });
        written.countDown();
    }

    /** Takes the seat's lock (no transaction) and reports what it sees at once. */
    @SeatLocked(lease = "PT20S", waitTime = "PT20S")
    public Observation observe(TestSeat seat, String bookingId) {
        boolean writerCommitted = committed.contains(bookingId);
        return new Observation(writerCommitted, rows(bookingId));
    }

    /** Books, says so, then waits for the test's go before returning (and committing). */
    @SeatLocked(lease = "PT1S", waitTime = "PT5S")
    @Transactional
    public void bookAndWait(
            TestSeat seat, String bookingId, CountDownLatch written, CountDownLatch proceed)
            throws InterruptedException {
        insert(seat, bookingId);
        written.countDown();
        if (!proceed.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never let " + bookingId + " proceed");
        }
    }

    /**
     * Books and takes {@code duration}, several times its lease: the watchdog must keep the lease.
     */
    @SeatLocked(lease = "PT1S", waitTime = "PT5S")
    @Transactional
    public void bookSlowly(TestSeat seat, String bookingId, Duration duration) {
        insert(seat, bookingId);
        sleep(duration);
    }

    /**
     * Confirms a seat hold whose lease was stored: the booking commits only if the hold still
     * holds.
     */
    @Transactional
    public void confirmHold(LockLease hold, String bookingId) {
        if (!verifier.guard(hold)) {
            throw new IllegalStateException("no transaction to guard");
        }
        insert(new TestSeat("hold", hold.keys().get(0)), bookingId);
    }

    /** Locks, then writes through another bean's transaction that starts inside the locked call. */
    @SeatLocked(lease = "PT1S", waitTime = "PT5S")
    public void bookThroughAnotherBean(
            TestSeat seat, String bookingId, CountDownLatch written, CountDownLatch proceed)
            throws InterruptedException {
        writer.insertAndWait(seat.lockKey(), bookingId, written, proceed);
    }

    public int rows(String bookingId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT COUNT(*) FROM IT_BOOKING WHERE ID = ?")) {
            s.setString(1, bookingId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void insert(TestSeat seat, String bookingId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO IT_BOOKING (ID, SEAT) VALUES (?, ?)")) {
            s.setString(1, bookingId);
            s.setString(2, seat.lockKey());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
