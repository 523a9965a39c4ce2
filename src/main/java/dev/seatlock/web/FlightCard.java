package dev.seatlock.web;

import dev.seatlock.domain.flight.Flight;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A flight as the pages show it: cities, local departure date and time, seats left, lowest fare.
 *
 * @param localDate departure date at the origin, for the date filter
 */
public record FlightCard(
        String id,
        String origin,
        String originCity,
        String destination,
        String destinationCity,
        String date,
        String time,
        LocalDate localDate,
        int seatsLeft,
        String fromPrice) {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    static FlightCard of(Flight flight, int seatsLeft) {
        ZonedDateTime departure = flight.departure().atZone(Airports.zone(flight.origin()));
        return new FlightCard(
                flight.id().value(),
                flight.origin(),
                Airports.city(flight.origin()),
                flight.destination(),
                Airports.city(flight.destination()),
                DATE.format(departure),
                TIME.format(departure),
                departure.toLocalDate(),
                seatsLeft,
                Prices.format(flight.lowestFare(), flight.currency()));
    }

    /** "Paris (CDG) to Barcelona (BCN)", for headings and labels. */
    public String route() {
        return originCity + " (" + origin + ") to " + destinationCity + " (" + destination + ")";
    }

    public boolean soldOut() {
        return seatsLeft == 0;
    }

    /** "Sold out", "1 seat left", "42 seats left". */
    public String availability() {
        return seatsLeft == 0
                ? "Sold out"
                : seatsLeft == 1 ? "1 seat left" : seatsLeft + " seats left";
    }

    public boolean fewLeft() {
        return seatsLeft > 0 && seatsLeft <= 5;
    }
}
