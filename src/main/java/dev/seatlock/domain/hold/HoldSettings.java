package dev.seatlock.domain.hold;

import dev.seatlock.domain.InvalidRequestException;
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

    /** How long a hold keeps its seats without payment, and the longest a buyer may ask for. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * The hold time for a buyer who asks for {@code requested} (a partner whose own checkout times
     * out sooner), or the configured one when nothing is asked.
     *
     * @throws InvalidRequestException when the request is under a second or over {@link #ttl()}
     */
    public Duration ttlFor(java.util.Optional<Duration> requested) {
        if (requested.isEmpty()) {
            return ttl;
        }
        Duration asked = requested.get();
        if (asked.compareTo(Duration.ofSeconds(1)) < 0 || asked.compareTo(ttl) > 0) {
            throw new InvalidRequestException("holdFor", "holdFor must be between PT1S and " + ttl);
        }
        return asked;
    }
}
