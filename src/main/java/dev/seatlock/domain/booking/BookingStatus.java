package dev.seatlock.domain.booking;

/** A booking is confirmed until it is cancelled; a cancelled booking's seats are for sale again. */
public enum BookingStatus {
    CONFIRMED,
    CANCELLED
}
