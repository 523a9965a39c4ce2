package dev.seatlock.infrastructure.health;

import dev.seatlock.lock.LockService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while Redis does not answer: no seat can be held or sold without it. */
@Readiness
@ApplicationScoped
public class LockStoreReadiness implements HealthCheck {

    private final LockService locks;

    @Inject
    public LockStoreReadiness(LockService locks) {
        this.locks = locks;
    }

    /** For CDI's proxy. */
    protected LockStoreReadiness() {
        this(null);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            // One read-only round trip through the same pool and timeouts as a real acquisition.
            locks.heldKeys(List.of("health:probe"));
            return HealthCheckResponse.up("lock-store");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("lock-store").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
