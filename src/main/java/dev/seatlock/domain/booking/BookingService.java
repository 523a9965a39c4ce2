package dev.seatlock.domain.booking;

import dev.seatlock.domain.BookingMetrics;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.infrastructure.persistence.BookingRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Finds and cancels bookings. */
@ApplicationScoped
public class BookingService {

    private final BookingRepository bookings;
    private final BookingMetrics metrics;

    @Inject
    public BookingService(BookingRepository bookings, BookingMetrics metrics) {
        this.bookings = bookings;
        this.metrics = metrics;
    }

    /** For CDI's proxy. */
    protected BookingService() {
        this(null, null);
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
            metrics.bookingCancelled();
        }
    }
}
