package dev.seatlock.testing;

import java.util.Map;

/**
 * The abuse limits (README "Abuse limits") opened wide, for servers the tests start themselves (the
 * Arquillian server gets the same from {@code src/test/liberty/configDropins}): the soak tests make
 * many holds and calls from one partner and from 127.0.0.1.
 */
public final class TestLimits {

    private TestLimits() {}

    /** As environment variables ({@code SEATLOCK_LIMITS_...}). */
    public static final Map<String, String> WIDE_OPEN_ENVIRONMENT =
            Map.ofEntries(
                    Map.entry("SEATLOCK_LIMITS_HELD_SEATS_PARTNER_PER_FLIGHT", "100000"),
                    Map.entry("SEATLOCK_LIMITS_HELD_SEATS_PARTNER", "100000"),
                    Map.entry("SEATLOCK_LIMITS_HELD_SEATS_SESSION", "100000"),
                    Map.entry("SEATLOCK_LIMITS_HELD_SEATS_ADDRESS", "100000"),
                    Map.entry("SEATLOCK_LIMITS_API_PARTNER_BURST", "1000000"),
                    Map.entry("SEATLOCK_LIMITS_API_PARTNER_REFILL", "PT0.001S"),
                    Map.entry("SEATLOCK_LIMITS_ADDRESS_BURST", "1000000"),
                    Map.entry("SEATLOCK_LIMITS_ADDRESS_REFILL", "PT0.001S"),
                    Map.entry("SEATLOCK_LIMITS_MY_BOOKING_ADDRESS_BURST", "1000000"),
                    Map.entry("SEATLOCK_LIMITS_MY_BOOKING_ADDRESS_REFILL", "PT0.001S"),
                    Map.entry("SEATLOCK_LIMITS_MY_BOOKING_SESSION_BURST", "1000000"),
                    Map.entry("SEATLOCK_LIMITS_MY_BOOKING_SESSION_REFILL", "PT0.001S"));

    /** Partner keys of the abuse tests, one partner per test so that none shares a bucket. */
    public static final String QUOTA_KEY = "key-quota-probe";

    public static final String RACE_KEY = "key-race-probe";
    public static final String RATE_KEY = "key-rate-probe";
    public static final String DECLINE_KEY = "key-decline-probe";
    public static final String EXPIRY_KEY = "key-expiry-probe";

    /**
     * The tight limits of the abuse tests' own deployments (a config source of ordinal 700, above
     * server.xml variables and system properties).
     */
    public static final String TIGHT =
            """
            config_ordinal=700
            seatlock.api.keys=alpha-travel=demo-key-alpha-travel,beta-tours=demo-key-beta-tours,\
            quota-probe=key-quota-probe,race-probe=key-race-probe,rate-probe=key-rate-probe,\
            decline-probe=key-decline-probe,expiry-probe=key-expiry-probe
            seatlock.limits.held-seats.partner-per-flight=4
            seatlock.limits.held-seats.partner=6
            seatlock.limits.held-seats.session=9
            seatlock.limits.held-seats.address=5
            seatlock.limits.api.partner.burst=40
            seatlock.limits.api.partner.refill=PT10S
            seatlock.limits.address.burst=60
            seatlock.limits.address.refill=PT1S
            seatlock.limits.my-booking.address.burst=3
            seatlock.limits.my-booking.address.refill=PT10M
            seatlock.limits.my-booking.session.burst=2
            seatlock.limits.my-booking.session.refill=PT10M
            seatlock.limits.declines.per-hold=3
            seatlock.limits.declines.per-session=3
            seatlock.limits.declines.session-window=PT1H
            """;

    /** The built WAR with {@link #TIGHT} limits, as {@code name}. */
    public static org.jboss.shrinkwrap.api.spec.WebArchive tightDeployment(String name) {
        org.jboss.shrinkwrap.api.spec.JavaArchive config =
                org.jboss.shrinkwrap.api.ShrinkWrap.create(
                                org.jboss.shrinkwrap.api.spec.JavaArchive.class,
                                "tight-limits-config.jar")
                        .addAsManifestResource(
                                new org.jboss.shrinkwrap.api.asset.StringAsset(TIGHT),
                                "microprofile-config.properties");
        return org.jboss.shrinkwrap.api.ShrinkWrap.create(
                        org.jboss.shrinkwrap.api.spec.WebArchive.class, name)
                .merge(Deployments.seatLockWith())
                .addAsLibrary(config);
    }

    /**
     * A random client address in 10.0.0.0/8 that no other test uses, to send as {@code
     * X-Forwarded-For} (believed from loopback only).
     */
    public static String freshAddress() {
        java.util.concurrent.ThreadLocalRandom random =
                java.util.concurrent.ThreadLocalRandom.current();
        return "10."
                + random.nextInt(256)
                + "."
                + random.nextInt(256)
                + "."
                + (1 + random.nextInt(254));
    }
}
