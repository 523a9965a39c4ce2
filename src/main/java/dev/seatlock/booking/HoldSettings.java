package dev.seatlock.booking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How holds behave, from MicroProfile Config. */
@ApplicationScoped
public class HoldSettings {

    /** The most seats one hold may take, as on airline sites. */
    public static final int MAX_SEATS = 9;

    private final Duration ttl;

    @Inject
    public HoldSettings(@ConfigProperty(name = "seatlock.hold.ttl") Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("seatlock.hold.ttl must be positive, was " + ttl);
        }
        this.ttl = ttl;
    }

    /** For CDI's proxy. */
    protected HoldSettings() {
        this.ttl = null;
    }

    /** How long a hold keeps its seats without payment. */
    public Duration ttl() {
        return ttl;
    }
}
