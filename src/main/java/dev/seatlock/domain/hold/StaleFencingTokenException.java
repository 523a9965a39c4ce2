package dev.seatlock.domain.hold;

import dev.seatlock.domain.flight.SeatId;

/**
 * A write carried a fencing token no newer than one already recorded for the seat: its lease
 * expired and the seat was taken by a newer holder (or the lock store's counter went backwards).
 * The write is refused.
 */
public class StaleFencingTokenException extends RuntimeException {

    public StaleFencingTokenException(SeatId seat, long token, long recordedToken) {
        super(
                "Fencing token "
                        + token
                        + " for "
                        + seat
                        + " is stale: token "
                        + recordedToken
                        + " has written this seat already");
    }
}
