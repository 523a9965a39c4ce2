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
}
