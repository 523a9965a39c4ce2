package dev.seatlock.infrastructure.persistence;

import java.sql.SQLException;

/**
 * Tells a constraint the database enforced from a write that failed for a passing reason (a
 * deadlock, a serialization failure, a lock or statement time-out). Only the former means "the seat
 * is taken"; the latter is worth a retry and must not end the buyer's hold.
 */
public final class DatabaseRefusals {

    /** SQLState of a unique violation, in PostgreSQL and Derby alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private DatabaseRefusals() {}

    /**
     * Whether {@code failure} was caused by a violated unique constraint (e.g.
     * ONE_ACTIVE_BOOKING_PER_SEAT).
     */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure;
                cause != null;
                cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
