package dev.seatlock.booking;

/**
 * A write carried a fencing token no newer than one already recorded for the seat: its lease expired
 * and the seat was taken by a newer holder. The write is refused.
 */
public class StaleFencingTokenException extends RuntimeException {

    public StaleFencingTokenException(SeatId seat, long token) {
        super("Fencing token " + token + " for " + seat + " is stale: a newer holder has written this seat");
    }
}
