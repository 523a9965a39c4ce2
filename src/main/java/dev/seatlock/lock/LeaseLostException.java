package dev.seatlock.lock;

import java.util.List;

/**
 * A lease that the caller relied on is gone: it expired, or another owner took the key after it
 * expired. Work done under it must not be made durable.
 */
public class LeaseLostException extends RuntimeException {

    private final List<String> keys;

    public LeaseLostException(List<String> keys, String why) {
        super("Lease on " + keys + " lost: " + why);
        this.keys = List.copyOf(keys);
    }

    public List<String> keys() {
        return keys;
    }
}
