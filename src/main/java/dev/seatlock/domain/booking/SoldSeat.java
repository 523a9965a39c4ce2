package dev.seatlock.domain.booking;

/**
 * One seat of a standing booking, as {@link SoldSeats#soldSeatsOfAllFlights()} reads it: the JPQL
 * constructor expression fills it, so no entity (and no booking) is loaded for the flight list.
 */
public record SoldSeat(String flightId, String seat) {}
