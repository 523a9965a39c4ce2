package dev.seatlock.web;

import dev.seatlock.domain.booking.Booking;
import dev.seatlock.domain.booking.BookingStatus;
import dev.seatlock.domain.flight.FlightCatalog;
import java.util.List;

/** A booking as the confirmation and My booking pages show it. */
public record BookingView(
        String reference,
        FlightCard flight,
        List<SeatLine> seats,
        String amount,
        String cardLast4,
        boolean cancelled) {

    /** One seat and who sits in it. */
    public record SeatLine(String seat, String passenger) {}

    static BookingView of(Booking booking, FlightCatalog catalog) {
        List<SeatLine> seats =
                booking.bookedSeats().stream()
                        .map(seat -> new SeatLine(seat.seat().value(), seat.passenger().fullName()))
                        .toList();
        return new BookingView(
                booking.reference(),
                FlightCard.of(catalog.flight(booking.flightId()), 0),
                seats,
                Prices.format(booking.amount(), booking.currency()),
                booking.cardLast4(),
                booking.status() == BookingStatus.CANCELLED);
    }
}
