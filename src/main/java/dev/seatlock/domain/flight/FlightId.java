package dev.seatlock.domain.flight;

import dev.seatlock.domain.Abbreviated;
import dev.seatlock.domain.InvalidRequestException;
import java.util.Objects;
import java.util.regex.Pattern;

/** A flight's identifier: airline code and number, e.g. {@code SL101}. */
public record FlightId(String value) {

    public static final String PATTERN = "[A-Z]{2}[0-9]{1,4}";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    public FlightId {
        Objects.requireNonNull(value, "flight id");
        if (!VALID.matcher(value).matches()) {
            throw new InvalidRequestException(
                    "flightId", "'" + Abbreviated.of(value) + "' is not a flight id such as SL101");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
