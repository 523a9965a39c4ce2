package dev.seatlock.infrastructure.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the booking database does not answer: no sale can be written without it. The
 * answer says only that ({@code "error": "not answering"}): readiness is read by anyone who can
 * reach the port, so the cause (driver messages name hosts, ports, users) goes to the log, once per
 * outage.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class.getName());

    // Resource injection: data sources are not CDI beans.
    @Resource(lookup = "jdbc/seatlock")
    private DataSource dataSource;

    private final AtomicBoolean down = new AtomicBoolean();

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                if (down.compareAndSet(true, false)) {
                    LOG.info("Readiness: the database answers again");
                }
                return HealthCheckResponse.up("database");
            }
            return down("the connection is not valid");
        } catch (SQLException | RuntimeException e) {
            return down(e.toString());
        }
    }

    private HealthCheckResponse down(String cause) {
        if (down.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Readiness DOWN: the database does not answer: {0}", cause);
        }
        return HealthCheckResponse.named("database")
                .down()
                .withData("error", "not answering")
                .build();
    }
}
