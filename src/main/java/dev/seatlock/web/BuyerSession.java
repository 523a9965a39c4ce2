package dev.seatlock.web;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.util.Optional;
import java.util.UUID;

/**
 * The browser buyer behind an HTTP session: the owner string the booking services know them by, the
 * one hold they are paying for, and their last booking. The hold id lives here and only here, never
 * in a request parameter, so a hold can be paid for or released only from the session that took it.
 */
@SessionScoped
public class BuyerSession implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String owner = "web:" + UUID.randomUUID();
    private String holdId;
    private String flightOfHold;
    private String bookingReference;

    /** The owner string of this buyer's holds and bookings: {@code web:<random id>}. */
    public String owner() {
        return owner;
    }

    public Optional<String> holdId() {
        return Optional.ofNullable(holdId);
    }

    /** The flight of the current (or last) hold, to offer its seat map again. */
    public Optional<String> flightOfHold() {
        return Optional.ofNullable(flightOfHold);
    }

    public Optional<String> bookingReference() {
        return Optional.ofNullable(bookingReference);
    }

    void holdTaken(String newHoldId, String flightId) {
        this.holdId = newHoldId;
        this.flightOfHold = flightId;
    }

    void holdEnded() {
        this.holdId = null;
    }

    void booked(String reference) {
        this.holdId = null;
        this.bookingReference = reference;
    }
}
