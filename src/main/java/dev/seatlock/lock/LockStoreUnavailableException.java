package dev.seatlock.lock;

/**
 * The lock store (Redis) could not be reached or did not answer within its timeout. Nothing is
 * known to be locked; callers answer it with 503 Service Unavailable and may retry later.
 */
public class LockStoreUnavailableException extends RuntimeException {

    public LockStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
