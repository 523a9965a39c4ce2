package dev.seatlock.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;

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
}
