package dev.seatlock.infrastructure.persistence;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that does not answer (stopped, unreachable, shutting down) from a database that
 * refused a statement. Exists because both reach the application as the same JPA or transaction
 * exceptions, and they mean opposite things to a buyer: "try again later" versus "the seat is
 * taken".
 */
public final class DatabaseOutages {

    private DatabaseOutages() {}

    /**
     * Whether {@code failure} was caused by a lost or refused database connection: a connection
     * exception, or an SQLState of class 08 (connection exception) or 57P (PostgreSQL: operator
     * intervention, e.g. the server shutting down).
     */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08")
                            || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
