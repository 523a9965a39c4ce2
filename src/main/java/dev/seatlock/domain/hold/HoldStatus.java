package dev.seatlock.domain.hold;

/** Where a hold is in its life. An ACTIVE hold whose lease has run out counts as expired. */
public enum HoldStatus {
    ACTIVE,
    RELEASED,
    CONFIRMED,
    /**
     * Its confirmation was refused for good (lease lost, a newer holder, the seat taken): the hold
     * is over.
     */
    REFUSED
}
