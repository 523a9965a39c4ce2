package dev.seatlock.profile;

import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/**
 * Which of SeatLock's three ways of running this server is in: the MicroProfile Config profile
 * ({@code mp.config.profile}). {@code dev} is what {@code mvn liberty:run} and {@code liberty:dev}
 * set, {@code test} what the test servers set; any other start names no profile and is {@link
 * #PRODUCTION}. The demo conveniences (demo keys, demo data, the embedded Redis, the simulated
 * gateway by default) belong to the first two, the test hooks to {@code test} alone; production
 * gets none of them unless it asks, and the start-up check ({@link ProductionSafeguards}) refuses
 * what it must not run with.
 */
public enum RuntimeProfile {
    DEV,
    TEST,
    PRODUCTION;

    /** The MicroProfile Config property that names the profile. */
    public static final String PROPERTY = "mp.config.profile";

    /**
     * The profile {@code config} runs in: {@code dev} or {@code test} (case-insensitive), else
     * production. A profile list ({@code test,dev}) counts by its first name.
     */
    public static RuntimeProfile of(Config config) {
        String named =
                config.getOptionalValue(PROPERTY, String.class)
                        .map(p -> p.split(",", 2)[0].strip().toLowerCase(Locale.ROOT))
                        .orElse("");
        return switch (named) {
            case "dev" -> DEV;
            case "test" -> TEST;
            default -> PRODUCTION;
        };
    }

    /** Demo keys, demo data, the embedded Redis and the simulated gateway by default. */
    public boolean allowsDemoConveniences() {
        return this != PRODUCTION;
    }

    /** Test hooks such as {@code seatlock.checkout.pause-before-write}. */
    public boolean allowsTestHooks() {
        return this == TEST;
    }

    /** The profile's name as {@code mp.config.profile} spells it; "production" for none. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
