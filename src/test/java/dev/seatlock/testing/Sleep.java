package dev.seatlock.testing;

import java.time.Duration;

/**
 * A test's pause that keeps the thread's interrupt flag, for the tests that poll or wait for a
 * lease.
 */
public final class Sleep {

    private Sleep() {}

    public static void quietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
