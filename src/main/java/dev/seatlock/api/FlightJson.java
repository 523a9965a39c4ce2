package dev.seatlock.api;

import dev.seatlock.domain.flight.Flight;
import dev.seatlock.domain.flight.FlightSummary;
import java.math.BigDecimal;

/** A flight in the list, with the seats that can still be held. */
public record FlightJson(
        String id,
        String origin,
        String destination,
        String departure,
        String aircraft,
        int seatsAvailable,
        BigDecimal fromPrice,
        String currency) {

    static FlightJson of(FlightSummary summary) {
        Flight flight = summary.flight();
        return new FlightJson(
                flight.id().value(),
                flight.origin(),
                flight.destination(),
                flight.departure().toString(),
                flight.aircraft(),
                summary.seatsAvailable(),
                flight.lowestFare(),
                flight.currency());
    }
}
