package dev.seatlock.domain.flight;

import dev.seatlock.domain.Abbreviated;
import dev.seatlock.domain.InvalidRequestException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A seat's code on any aircraft: row number and letter, e.g. {@code 12C}. Whether the aircraft has
 * that seat is the {@link SeatLayout}'s question.
 */
public record SeatCode(String value) implements Comparable<SeatCode> {

    public static final String PATTERN = "[1-9][0-9]?[A-K]";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    public SeatCode {
        Objects.requireNonNull(value, "seat");
        if (!VALID.matcher(value).matches()) {
            throw new InvalidRequestException(
                    "seats", "'" + Abbreviated.of(value) + "' is not a seat code such as 12C");
        }
    }

    public static SeatCode of(int row, char letter) {
        return new SeatCode(row + String.valueOf(letter));
    }

    public int row() {
        return Integer.parseInt(value.substring(0, value.length() - 1));
    }

    public char letter() {
        return value.charAt(value.length() - 1);
    }

    @Override
    public int compareTo(SeatCode other) {
        int byRow = Integer.compare(row(), other.row());
        return byRow != 0 ? byRow : Character.compare(letter(), other.letter());
    }

    @Override
    public String toString() {
        return value;
    }
}
