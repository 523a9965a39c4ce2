package dev.seatlock.domain.flight;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The seats of an aircraft type: rows, letters, where the aisle is, which rows are business class
 * and which are over the emergency exits. The fleet is A320-shaped: 3-3 seating with the aisle
 * after C.
 *
 * @param rows number of rows, numbered from 1
 * @param letters seat letters of a row, left to right
 * @param aisleAfter the letter after which the aisle runs
 * @param businessRows rows 1..businessRows are business class
 * @param exitRows rows beside an over-wing exit
 */
public record SeatLayout(
        int rows, String letters, char aisleAfter, int businessRows, Set<Integer> exitRows) {

    public static final SeatLayout A320 = new SeatLayout(30, "ABCDEF", 'C', 3, Set.of(12, 13));

    public boolean has(SeatCode seat) {
        return seat.row() >= 1 && seat.row() <= rows && letters.indexOf(seat.letter()) >= 0;
    }

    public Cabin cabinOf(SeatCode seat) {
        return seat.row() <= businessRows ? Cabin.BUSINESS : Cabin.ECONOMY;
    }

    public boolean isExitRow(int row) {
        return exitRows.contains(row);
    }

    /** Every seat, front to back, left to right. */
    public List<SeatCode> seats() {
        List<SeatCode> all = new ArrayList<>(rows * letters.length());
        for (int row = 1; row <= rows; row++) {
            for (char letter : letters.toCharArray()) {
                all.add(SeatCode.of(row, letter));
            }
        }
        return all;
    }

    public int capacity() {
        return rows * letters.length();
    }
}
