package dev.seatlock.lock.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Reads {@code seatlock.lock.*} once, so that a wrong value fails at the first use with its key
 * named.
 */
@ApplicationScoped
public class LockSettingsProducer {

    /** Dependent: a record cannot be proxied, and its consumers are application scoped anyway. */
    @Produces
    LockSettings lockSettings(Config config) {
        return new LockSettings(
                config.getValue("seatlock.lock.lease", Duration.class),
                config.getValue("seatlock.lock.wait", Duration.class),
                config.getValue("seatlock.lock.renew-at", Double.class),
                config.getValue("seatlock.lock.max-renewals", Integer.class));
    }
}
