package dev.seatlock.booking;

/** One seat as a buyer sees it on the seat map. */
public record SeatView(SeatCode seat, Cabin cabin, boolean exitRow, Money price, SeatState state) {}
