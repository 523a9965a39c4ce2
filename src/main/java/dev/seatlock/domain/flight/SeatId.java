package dev.seatlock.domain.flight;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.lock.LockKey;
import java.util.Objects;
import java.util.Optional;

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

    /** The seat a {@link #lockKey()} names, e.g. {@code seat:{SL101}:12C}; empty for other keys. */
    public static Optional<SeatId> fromLockKey(String lockKey) {
        if (!lockKey.startsWith("seat:{")) {
            return Optional.empty();
        }
        int close = lockKey.indexOf("}:");
        if (close < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new SeatId(
                            new FlightId(lockKey.substring("seat:{".length(), close)),
                            new SeatCode(lockKey.substring(close + 2))));
        } catch (IllegalArgumentException | InvalidRequestException e) {
            return Optional.empty();
        }
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
