package dev.seatlock.domain.booking;

import dev.seatlock.domain.BookingMetrics;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.flight.SeatChange;
import dev.seatlock.domain.flight.SeatChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Finds and cancels bookings. */
@ApplicationScoped
public class BookingService {

    private final Bookings bookings;
    private final BookingMetrics metrics;
    private final SeatChanges seatChanges;

    @Inject
    public BookingService(Bookings bookings, BookingMetrics metrics, SeatChanges seatChanges) {
        this.bookings = bookings;
        this.metrics = metrics;
        this.seatChanges = seatChanges;
    }

    /** For CDI's proxy. */
    protected BookingService() {
        this(null, null, null);
    }

    /** The buyer's booking; another buyer's is reported as not found. */
    public Booking find(String owner, String reference) {
        return bookings.find(reference)
                .filter(booking -> booking.isOwnedBy(owner))
                .orElseThrow(() -> new NotFoundException("booking", reference));
    }

    /**
     * A booking looked up as on an airline's "manage booking" page: reference and a passenger's
     * last name.
     */
    public Booking findForPassenger(String reference, String lastName) {
        return bookings.find(reference.strip().toUpperCase())
                .filter(booking -> booking.hasPassengerNamed(lastName))
                .orElseThrow(() -> new NotFoundException("booking", reference));
    }

    /**
     * Cancels the buyer's booking and puts its seats back on sale. Cancelling twice is not an
     * error.
     */
    @Transactional
    public void cancel(String owner, String reference) {
        cancel(find(owner, reference));
    }

    /** Cancels a booking found by reference and passenger name. */
    @Transactional
    public void cancelForPassenger(String reference, String lastName) {
        cancel(findForPassenger(reference, lastName));
    }

    private void cancel(Booking booking) {
        if (booking.status() == BookingStatus.CONFIRMED) {
            booking.cancel();
            bookings.save(booking);
            metrics.bookingCancelled();
            // Announced after the commit: a server that reads the flight at once sees it free.
            seatChanges.announce(
                    new SeatChange(
                            booking.flightId(),
                            SeatChange.Kind.CANCELLED,
                            booking.passengers().stream().map(Passenger::seat).toList()));
        }
    }
}
