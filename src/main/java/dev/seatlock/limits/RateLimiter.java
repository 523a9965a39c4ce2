package dev.seatlock.limits;

import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets shared by every server. Each call takes one token from the bucket of {@code
 * subject} under {@code limit}, or says how long until one is there.
 */
public interface RateLimiter {

    /**
     * Takes a token.
     *
     * @param subject who is limited: a partner, a client address, a session; any string
     * @return empty when the token was taken; otherwise how long until the next one
     * @throws dev.seatlock.lock.LockStoreUnavailableException when Redis does not answer
     */
    Optional<Duration> tryTake(RateLimit limit, String subject);
}
