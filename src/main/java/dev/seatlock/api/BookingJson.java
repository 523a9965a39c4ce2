package dev.seatlock.api;

import dev.seatlock.domain.booking.Booking;
import java.math.BigDecimal;
import java.util.List;

/** A booking as its owner sees it. Only the card's last four digits are ever kept. */
public record BookingJson(
        String reference,
        String flightId,
        String status,
        List<PassengerJson> passengers,
        BigDecimal amount,
        String currency,
        String cardLast4,
        String createdAt) {

    /** Who sits where. */
    public record PassengerJson(String seat, String firstName, String lastName) {}

    static BookingJson of(Booking booking) {
        return new BookingJson(
                booking.reference(),
                booking.flightId().value(),
                booking.status().name(),
                booking.passengers().stream()
                        .map(p -> new PassengerJson(p.seat().value(), p.firstName(), p.lastName()))
                        .toList(),
                booking.amount(),
                booking.currency(),
                booking.cardLast4(),
                booking.createdAt().toString());
    }
}
