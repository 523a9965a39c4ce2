package dev.seatlock.domain.booking;

/**
 * The database did not answer while a sale was being written. The card's authorization has been
 * voided and nothing was booked; the buyer may try again once the database is back (the hold may
 * still stand).
 */
public class BookingStoreUnavailableException extends RuntimeException {

    public BookingStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
