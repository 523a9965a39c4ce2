package dev.seatlock.domain.hold;

import dev.seatlock.lock.LockKey;

/** Locks one hold while it is being confirmed, so that two payments for it can never race. */
public record HoldKey(String holdId) implements LockKey {

    @Override
    public String lockKey() {
        return "confirm:{" + holdId + "}";
    }
}
