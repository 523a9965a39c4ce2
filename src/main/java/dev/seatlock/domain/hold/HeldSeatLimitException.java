package dev.seatlock.domain.hold;

import dev.seatlock.limits.LimitExceededException;
import java.time.Duration;

/** A hold would take an owner past its seats held at once ({@link SeatAllowance}); nothing held. */
public class HeldSeatLimitException extends LimitExceededException {

    private final int maxSeats;

    public HeldSeatLimitException(SeatAllowance allowance, Duration retryAfter) {
        super(
                "At most "
                        + allowance.maxSeats()
                        + " seats can be held at once by "
                        + allowance.who()
                        + "; buy or release the seats you hold, or try again when a hold expires",
                allowance.limit(),
                retryAfter);
        this.maxSeats = allowance.maxSeats();
    }

    public int maxSeats() {
        return maxSeats;
    }
}
