package dev.seatlock.domain.flight;

/**
 * One seat of a standing booking, as {@link Flights#soldSeatsOfAllFlights()} reads it: the JPQL
 * constructor expression fills it, so no entity (and no booking) is loaded for the flight list.
 */
public record SoldSeat(String flightId, String seat) {}
