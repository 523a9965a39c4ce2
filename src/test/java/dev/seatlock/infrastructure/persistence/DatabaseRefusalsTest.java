package dev.seatlock.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.data.exceptions.DataConnectionException;
import jakarta.data.exceptions.EntityExistsException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseRefusalsTest {

    @Test
    void aUniqueViolationDeepInTheCausesMeansTheSeatIsTaken() {
        PersistenceException wrapped =
                new PersistenceException(
                        "flush failed",
                        new RuntimeException(
                                new SQLException(
                                        "duplicate key value violates unique constraint",
                                        "23505")));
        assertThat(DatabaseRefusals.isUniqueViolation(wrapped)).isTrue();
    }

    @Test
    void aUniqueViolationChainedAsTheNextExceptionOfABatchCounts() {
        SQLException batch = new SQLException("batch entry 0 failed", "22000");
        batch.setNextException(new SQLException("duplicate key", "23505"));
        assertThat(DatabaseRefusals.isUniqueViolation(new PersistenceException(batch))).isTrue();
    }

    @Test
    void deadlocksTimeOutsAndSerializationFailuresDoNot() {
        for (String passing : new String[] {"40P01", "40001", "57014", "55P03"}) {
            assertThat(
                            DatabaseRefusals.isUniqueViolation(
                                    new PersistenceException(new SQLException("passing", passing))))
                    .as(passing)
                    .isFalse();
        }
        assertThat(DatabaseRefusals.isUniqueViolation(new PersistenceException("no SQL state")))
                .isFalse();
    }

    @Test
    void jakartaDataWrappingDoesNotHideAUniqueViolation() {
        EntityExistsException wrapped =
                new EntityExistsException(
                        "insert failed",
                        new PersistenceException(
                                "flush failed", new SQLException("duplicate key", "23505")));
        assertThat(DatabaseRefusals.isUniqueViolation(wrapped))
                .as("a unique violation under Jakarta Data's EntityExistsException")
                .isTrue();
        assertThat(new SqlDatabaseFailures().isUniqueViolation(wrapped))
                .as("the domain's DatabaseFailures, as infrastructure implements it")
                .isTrue();
    }

    @Test
    void jakartaDataWrappingDoesNotHideALostConnection() {
        DataConnectionException wrapped =
                new DataConnectionException(
                        new PersistenceException(new SQLException("connection refused", "08001")));
        assertThat(DatabaseOutages.causedBy(wrapped))
                .as("a lost connection under Jakarta Data's DataConnectionException")
                .isTrue();
        assertThat(new SqlDatabaseFailures().isOutage(wrapped))
                .as("the domain's DatabaseFailures, as infrastructure implements it")
                .isTrue();
        assertThat(new SqlDatabaseFailures().isUniqueViolation(wrapped))
                .as("a lost connection is no unique violation")
                .isFalse();
    }
}
