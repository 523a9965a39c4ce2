package dev.seatlock.booking;

/** A flight as listed for sale: the flight and how many of its seats can still be held. */
public record FlightSummary(Flight flight, int seatsAvailable) {}
