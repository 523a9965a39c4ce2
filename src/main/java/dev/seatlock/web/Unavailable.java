package dev.seatlock.web;

/** The words a buyer sees when Redis (the seat lock store) or the payment service is away. */
final class Unavailable {

    static final String BOOKING =
            "Booking is temporarily unavailable, nothing was charged. Please try again in a moment.";

    private Unavailable() {}
}
