package dev.seatlock.booking;

/** Where a hold is in its life. An ACTIVE hold whose lease has run out counts as expired. */
public enum HoldStatus {
    ACTIVE,
    RELEASED,
    CONFIRMED
}
