package dev.seatlock.infrastructure.persistence;

import dev.seatlock.domain.DatabaseFailures;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@link DatabaseFailures} by the SQLStates and connection exceptions the JDBC driver put at the
 * bottom of the failure: {@link DatabaseOutages} and {@link DatabaseRefusals} walk the whole cause
 * chain, so the layers above the driver (EclipseLink, Jakarta Data's {@code DataException}s, JTA's
 * rollback exceptions) do not hide it.
 */
@ApplicationScoped
public class SqlDatabaseFailures implements DatabaseFailures {

    @Override
    public boolean isOutage(Throwable failure) {
        return DatabaseOutages.causedBy(failure);
    }

    @Override
    public boolean isUniqueViolation(Throwable failure) {
        return DatabaseRefusals.isUniqueViolation(failure);
    }
}
