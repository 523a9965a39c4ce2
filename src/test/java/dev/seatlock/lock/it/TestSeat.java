package dev.seatlock.lock.it;

import dev.seatlock.lock.LockKey;

/** A seat of a test flight; the flight is the Redis Cluster hash tag, as for real seats. */
public record TestSeat(String flight, String seat) implements LockKey {

    @Override
    public String lockKey() {
        return "it-seat:{" + flight + "}:" + seat;
    }
}
