package dev.seatlock.domain.flight;

import dev.seatlock.domain.Money;

/** One seat as a buyer sees it on the seat map. */
public record SeatView(SeatCode seat, Cabin cabin, boolean exitRow, Money price, SeatState state) {}
