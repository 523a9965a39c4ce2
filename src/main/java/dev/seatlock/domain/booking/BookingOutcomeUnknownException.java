package dev.seatlock.domain.booking;

/**
 * The booking's write failed in a way that does not say whether it committed (a COMMIT whose reply
 * was lost), and the database could not be asked. The card's authorization is left as it is: the
 * reconciler captures it if the booking stands and voids it if not. The buyer is told neither
 * "booked" nor "nothing booked", and retries with the same {@code Idempotency-Key} to learn which.
 * 503.
 */
public class BookingOutcomeUnknownException extends RuntimeException {

    public BookingOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
