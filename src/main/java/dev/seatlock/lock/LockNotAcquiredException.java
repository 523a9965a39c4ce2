package dev.seatlock.lock;

import java.time.Duration;
import java.util.List;

/**
 * The keys were held by someone else for the whole wait time. Callers answer it with 409 Conflict.
 */
public class LockNotAcquiredException extends RuntimeException {

    private final List<String> heldKeys;

    public LockNotAcquiredException(List<String> heldKeys, Duration waitTime) {
        super("Could not lock " + heldKeys + " within " + waitTime + ": held by another owner");
        this.heldKeys = List.copyOf(heldKeys);
    }

    /** The keys that were still held by another owner at the last attempt. */
    public List<String> heldKeys() {
        return heldKeys;
    }
}
