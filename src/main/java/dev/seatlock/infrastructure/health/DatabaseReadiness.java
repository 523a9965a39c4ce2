package dev.seatlock.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the booking database does not answer: no sale can be written without it. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    // Resource injection: data sources are not CDI beans.
    @Resource(lookup = "jdbc/seatlock")
    private DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2)
                    ? HealthCheckResponse.up("database")
                    : HealthCheckResponse.named("database")
                            .down()
                            .withData("error", "connection not valid")
                            .build();
        } catch (SQLException | RuntimeException e) {
            return HealthCheckResponse.named("database")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
