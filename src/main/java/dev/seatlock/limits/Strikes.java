package dev.seatlock.limits;

import java.time.Duration;

/**
 * Counters of bad outcomes (declined cards) per subject, that forget by themselves: each lives
 * {@code window} from its first strike. Shared by every server.
 */
public interface Strikes {

    /**
     * Counts one more strike against {@code subject}.
     *
     * @return the count afterwards, and how long until the counter is forgotten
     * @throws dev.seatlock.lock.LockStoreUnavailableException when Redis does not answer
     */
    Count add(String subject, Duration window);

    /** The current count (0 when none or forgotten). */
    Count count(String subject);

    /**
     * @param strikes how many so far
     * @param forgottenIn when the counter lapses (zero when there is none)
     */
    record Count(long strikes, Duration forgottenIn) {}
}
