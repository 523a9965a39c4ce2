package dev.seatlock.domain.flight;

/**
 * What a buyer sees of a seat. SOLD wins over HELD: a sold seat stays sold while its lease runs
 * out.
 */
public enum SeatState {
    AVAILABLE,
    HELD,
    SOLD
}
