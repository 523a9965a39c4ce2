package dev.seatlock.lock.it;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A transactional bean that knows nothing of locks, called from inside a {@code @SeatLocked}
 * method.
 */
@ApplicationScoped
public class BookingWriter {

    @Resource(lookup = "jdbc/seatlock")
    DataSource dataSource;

    @Transactional
    public void insertAndWait(
            String seatKey, String bookingId, CountDownLatch written, CountDownLatch proceed)
            throws InterruptedException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO IT_BOOKING (ID, SEAT) VALUES (?, ?)")) {
            s.setString(1, bookingId);
            s.setString(2, seatKey);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        written.countDown();
        proceed.await(20, TimeUnit.SECONDS);
    }
}
