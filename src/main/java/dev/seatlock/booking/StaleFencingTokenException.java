package dev.seatlock.booking;

/**
 * A write carried a fencing token no newer than one already recorded for the seat: its lease expired
 * and the seat was taken by a newer holder (or the lock store's counter went backwards). The write is
 * refused.
 */
public class StaleFencingTokenException extends RuntimeException {

    private final long recordedToken;

    public StaleFencingTokenException(SeatId seat, long token, long recordedToken) {
        super("Fencing token " + token + " for " + seat + " is stale: token " + recordedToken
                + " has written this seat already");
        this.recordedToken = recordedToken;
    }

    /** The newest token the seat has accepted: the high-water mark the refused token did not pass. */
    public long recordedToken() {
        return recordedToken;
    }
}
