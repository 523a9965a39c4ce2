package dev.seatlock.api.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the database says about the money: SeatLock's payment records beside the simulated
 * acquirer's books, read by SQL from the test's own PostgreSQL. The money invariant: every payment
 * ends captured exactly once with its booking, or voided (or never authorized) without one.
 */
final class PaymentBooks {

    /** One payment of a hold, with what the acquirer did. */
    record Settlement(
            String paymentId,
            String state,
            String bookingReference,
            String acquirerState,
            int captures) {}

    private PaymentBooks() {}

    static List<Settlement> ofHold(Connection db, String holdId) throws SQLException {
        try (PreparedStatement sql =
                db.prepareStatement(
                        "SELECT p.ID, p.STATE, p.BOOKING_REF, a.STATE, a.CAPTURES"
                                + " FROM PAYMENT p LEFT JOIN SIMULATED_AUTHORIZATION a ON a.ID = p.GATEWAY_ID WHERE p.HOLD_ID = ?"
                                + " ORDER BY p.CREATED_AT")) {
            sql.setString(1, holdId);
            try (ResultSet rows = sql.executeQuery()) {
                List<Settlement> settlements = new ArrayList<>();
                while (rows.next()) {
                    settlements.add(
                            new Settlement(
                                    rows.getString(1),
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getString(4),
                                    rows.getInt(5)));
                }
                return settlements;
            }
        }
    }

    static long bookingsOfHold(Connection db, String holdId) throws SQLException {
        try (PreparedStatement sql =
                db.prepareStatement("SELECT COUNT(*) FROM BOOKING WHERE HOLD_ID = ?")) {
            sql.setString(1, holdId);
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** How many payments are not settled yet (PENDING, AUTHORIZED or VOIDING). */
    static long open(Connection db) throws SQLException {
        try (Statement sql = db.createStatement();
                ResultSet rows =
                        sql.executeQuery(
                                "SELECT COUNT(*) FROM PAYMENT WHERE STATE IN ('PENDING', 'AUTHORIZED', 'VOIDING')")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every breach of the money invariant, as a sentence; empty when the books agree. */
    static List<String> violations(Connection db) throws SQLException {
        List<String> violations = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rows =
                        sql.executeQuery(
                                "SELECT p.ID, p.STATE, p.BOOKING_REF, b.REFERENCE, a.STATE, a.CAPTURES"
                                        + " FROM PAYMENT p LEFT JOIN BOOKING b ON b.PAYMENT_ID = p.ID"
                                        + " LEFT JOIN SIMULATED_AUTHORIZATION a ON a.ID = p.GATEWAY_ID")) {
            while (rows.next()) {
                String id = rows.getString(1);
                String state = rows.getString(2);
                boolean booked = rows.getString(4) != null;
                String acquirer = rows.getString(5);
                int captures = rows.getInt(6);
                if (booked != (rows.getString(3) != null)) {
                    violations.add(
                            "payment "
                                    + id
                                    + " names booking "
                                    + rows.getString(3)
                                    + " but the booking says "
                                    + rows.getString(4));
                }
                if (booked
                        && !("CAPTURED".equals(state)
                                && "CAPTURED".equals(acquirer)
                                && captures == 1)) {
                    violations.add(
                            "payment "
                                    + id
                                    + " has a booking but is "
                                    + state
                                    + ", at the acquirer "
                                    + acquirer
                                    + " with "
                                    + captures
                                    + " captures");
                }
                if (!booked && (captures > 0 || "CAPTURED".equals(state))) {
                    violations.add(
                            "payment "
                                    + id
                                    + " has no booking but was captured "
                                    + captures
                                    + " times ("
                                    + state
                                    + ")");
                }
                if (!booked && !"DECLINED".equals(state) && !"VOIDED".equals(state)) {
                    violations.add("payment " + id + " has no booking and is still " + state);
                }
                if ("VOIDED".equals(state) && acquirer != null && !"VOIDED".equals(acquirer)) {
                    violations.add(
                            "payment " + id + " is VOIDED but the acquirer has it " + acquirer);
                }
            }
        }
        // Bookings sold through SeatLock (not the demo data) all have a payment record.
        try (Statement sql = db.createStatement();
                ResultSet rows =
                        sql.executeQuery(
                                "SELECT b.REFERENCE FROM BOOKING b LEFT JOIN PAYMENT p ON p.ID = b.PAYMENT_ID"
                                        + " WHERE p.ID IS NULL AND b.PAYMENT_ID <> 'imported'")) {
            while (rows.next()) {
                violations.add("booking " + rows.getString(1) + " has no payment record");
            }
        }
        return violations;
    }
}
