package dev.seatlock.web;

import java.util.List;

/**
 * One row of the cabin picture: the seats left and right of the aisle.
 *
 * @param firstOfCabin true for the first row of a cabin, where the page prints the cabin's name
 */
public record SeatRow(
        int number,
        String cabin,
        boolean exitRow,
        boolean firstOfCabin,
        List<SeatCell> left,
        List<SeatCell> right) {}
