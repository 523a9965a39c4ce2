package dev.seatlock.web;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * City names and time zones of the airports the fleet flies to, so that pages can say "Paris (CDG)"
 * and show departure times in local time, as airline sites do. Unknown codes fall back to the code
 * and UTC.
 */
final class Airports {

    private record Airport(String city, ZoneId zone) {}

    private static final Map<String, Airport> KNOWN =
            Map.of(
                    "AMS", new Airport("Amsterdam", ZoneId.of("Europe/Amsterdam")),
                    "LIS", new Airport("Lisbon", ZoneId.of("Europe/Lisbon")),
                    "CDG", new Airport("Paris", ZoneId.of("Europe/Paris")),
                    "BCN", new Airport("Barcelona", ZoneId.of("Europe/Madrid")),
                    "FRA", new Airport("Frankfurt", ZoneId.of("Europe/Berlin")),
                    "ATH", new Airport("Athens", ZoneId.of("Europe/Athens")),
                    "LHR", new Airport("London", ZoneId.of("Europe/London")),
                    "DUB", new Airport("Dublin", ZoneId.of("Europe/Dublin")));

    private Airports() {}

    static String city(String code) {
        Airport airport = KNOWN.get(code);
        return airport == null ? code : airport.city();
    }

    static ZoneId zone(String code) {
        Airport airport = KNOWN.get(code);
        return airport == null ? ZoneOffset.UTC : airport.zone();
    }
}
