package dev.seatlock.domain.flight;

import java.util.List;
import java.util.Objects;

/**
 * Seats of one flight changed hands: the small event every server hears, so that the seat maps open
 * on any server follow a change made on another. It says what happened for the logs; a listener
 * reads the flight's seats again rather than trusting the event's content, because an event may
 * arrive late, twice or not at all.
 *
 * @param flight the flight whose seats changed
 * @param kind what happened to them
 * @param seats the seats, empty when not known (an expiry names one seat per event)
 */
public record SeatChange(FlightId flight, Kind kind, List<SeatCode> seats) {

    /** What happened to the seats. */
    public enum Kind {
        HELD,
        RELEASED,
        EXPIRED,
        SOLD,
        CANCELLED
    }

    public SeatChange {
        Objects.requireNonNull(flight, "flight");
        Objects.requireNonNull(kind, "kind");
        seats = List.copyOf(seats);
    }
}
