package dev.seatlock.booking;

/** The cabin classes of the fleet, front to back. */
public enum Cabin {
    BUSINESS,
    ECONOMY
}
