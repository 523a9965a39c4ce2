package dev.seatlock.domain.flight;

/** A flight as listed for sale: the flight and how many of its seats can still be held. */
public record FlightSummary(Flight flight, int seatsAvailable) {}
