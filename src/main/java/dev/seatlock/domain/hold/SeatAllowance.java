package dev.seatlock.domain.hold;

import dev.seatlock.domain.flight.FlightId;
import java.util.Objects;
import java.util.Optional;

/**
 * One owner's cap on seats held at once: a partner on one flight or on all, a browser session, a
 * client address. A hold counts against every allowance given with it.
 *
 * @param subject who holds: {@code partner:alpha-travel}, {@code web:<id>}, {@code addr:<ip>}
 * @param flight the flight the cap is about; empty for all flights together
 * @param maxSeats the most seats held at once
 * @param limit the configuration key of the cap, named in the 429
 * @param who for the message: "your partner key on flight SL101", "this browser"
 */
public record SeatAllowance(
        String subject, Optional<FlightId> flight, int maxSeats, String limit, String who) {

    public SeatAllowance {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(flight, "flight");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(who, "who");
        if (maxSeats < 1) {
            throw new IllegalArgumentException("maxSeats must be at least 1: " + maxSeats);
        }
    }
}
