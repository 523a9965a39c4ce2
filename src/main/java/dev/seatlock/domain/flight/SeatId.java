package dev.seatlock.domain.flight;

import dev.seatlock.lock.LockKey;
import java.util.Objects;

/**
 * One seat of one flight: the unit that is held, sold and locked. Its lock key carries the flight
 * as a Redis Cluster hash tag, so all seats of a flight, and a multi-seat hold's single script,
 * share a slot.
 */
public record SeatId(FlightId flight, SeatCode seat) implements LockKey {

    public SeatId {
        Objects.requireNonNull(flight, "flight");
        Objects.requireNonNull(seat, "seat");
    }

    @Override
    public String lockKey() {
        return "seat:{" + flight.value() + "}:" + seat.value();
    }

    /**
     * "flight/seat", e.g. {@code SL101/12C}: how the database keys a seat (fences, active
     * bookings).
     */
    public String text() {
        return flight.value() + "/" + seat.value();
    }

    @Override
    public String toString() {
        return text();
    }
}
