package dev.seatlock.domain.hold;

/** The hold was already turned into a booking (or is being turned into one right now). 409. */
public class HoldAlreadyConfirmedException extends RuntimeException {

    public HoldAlreadyConfirmedException(String message) {
        super(message);
    }
}
