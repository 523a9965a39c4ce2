package dev.seatlock.infrastructure.health;

import dev.seatlock.lock.EvictionReport;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreEviction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while Redis does not answer: no seat can be held or sold without it.
 *
 * <p>Also shows Redis' {@code maxmemory-policy} ({@code maxmemory-policy} in the data) and, when
 * Redis may evict keys, a {@code warning}: the check stays UP then, because every server shares the
 * same Redis, so DOWN would take all of them out of the load balancer for a risk that the fencing
 * check and the unique constraint already contain (README, "Redis key life cycle"). A policy that
 * cannot be read (managed Redis refusing {@code CONFIG}) is shown as {@code
 * maxmemory-policy-unchecked} (how many servers).
 *
 * <p>Readiness is read by anyone who can reach the port: its data never carries an exception
 * message, a host or an address ({@link EvictionReport#warningWithoutNames()}); the causes go to
 * the log, once per outage.
 */
@Readiness
@ApplicationScoped
public class LockStoreReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(LockStoreReadiness.class.getName());

    private final AtomicBoolean down = new AtomicBoolean();
    private final LockService locks;
    private final LockStoreEviction eviction;

    @Inject
    public LockStoreReadiness(LockService locks, LockStoreEviction eviction) {
        this.locks = locks;
        this.eviction = eviction;
    }

    /** For CDI's proxy. */
    protected LockStoreReadiness() {
        this(null, null);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            // One read-only round trip through the same pool and timeouts as a real acquisition.
            locks.heldKeys(List.of("health:probe"));
        } catch (RuntimeException e) {
            if (down.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Readiness DOWN: Redis does not answer: {0}", e.toString());
            }
            return HealthCheckResponse.named("lock-store")
                    .down()
                    .withData("error", "not answering")
                    .build();
        }
        if (down.compareAndSet(true, false)) {
            LOG.info("Readiness: Redis answers again");
        }
        HealthCheckResponseBuilder up = HealthCheckResponse.named("lock-store").up();
        try {
            EvictionReport report = eviction.check();
            up.withData("maxmemory-policy", report.policiesWithoutNames());
            report.warningWithoutNames().ifPresent(warning -> up.withData("warning", warning));
            report.uncheckedCount()
                    .ifPresent(count -> up.withData("maxmemory-policy-unchecked", count));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "maxmemory-policy could not be read", e);
            up.withData("maxmemory-policy-unchecked", "could not be read");
        }
        return up.build();
    }
}
