package dev.seatlock.domain.booking;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.flight.SeatCode;
import java.util.Objects;

/** Who sits in a seat, as printed on the boarding pass. */
public record Passenger(SeatCode seat, String firstName, String lastName) {

    public Passenger {
        Objects.requireNonNull(seat, "seat");
        firstName = requireName("firstName", firstName);
        lastName = requireName("lastName", lastName);
    }

    private static String requireName(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("passengers", "Every passenger needs a " + field);
        }
        String trimmed = name.strip();
        if (trimmed.length() > 60 || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(
                    "passengers", "A passenger's " + field + " is at most 60 printable characters");
        }
        return trimmed;
    }

    public String fullName() {
        return firstName + " " + lastName;
    }
}
