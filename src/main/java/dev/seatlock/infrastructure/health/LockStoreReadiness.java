package dev.seatlock.infrastructure.health;

import dev.seatlock.lock.EvictionReport;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreEviction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
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
 * maxmemory-policy-unchecked}.
 */
@Readiness
@ApplicationScoped
public class LockStoreReadiness implements HealthCheck {

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
            return HealthCheckResponse.named("lock-store")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
        HealthCheckResponseBuilder up = HealthCheckResponse.named("lock-store").up();
        try {
            EvictionReport report = eviction.check();
            up.withData("maxmemory-policy", report.policies());
            report.warning().ifPresent(warning -> up.withData("warning", warning));
            report.unchecked()
                    .ifPresent(reasons -> up.withData("maxmemory-policy-unchecked", reasons));
        } catch (RuntimeException e) {
            up.withData("maxmemory-policy-unchecked", String.valueOf(e.getMessage()));
        }
        return up.build();
    }
}
