package dev.seatlock.web;

import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.booking.BookingService;
import dev.seatlock.domain.flight.FlightCatalog;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/** my-booking.xhtml: find a booking by reference and a passenger's last name, and cancel it. */
@Named
@ViewScoped
public class MyBookingPage implements Serializable {

    private static final long serialVersionUID = 1L;

    private final BookingService bookings;
    private final FlightCatalog catalog;

    private String reference;
    private String lastName;
    private String foundReference;
    private String foundLastName;
    private transient BookingView booking;

    @Inject
    public MyBookingPage(BookingService bookings, FlightCatalog catalog) {
        this.bookings = bookings;
        this.catalog = catalog;
    }

    /** For CDI's proxy. */
    protected MyBookingPage() {
        this(null, null);
    }

    public String find() {
        foundReference = null;
        booking = null;
        try {
            booking = BookingView.of(bookings.findForPassenger(reference, lastName), catalog);
            foundReference = booking.reference();
            foundLastName = lastName;
        } catch (NotFoundException e) {
            Pages.error(
                    "We could not find a booking with that reference and last name — check both and try again.");
        }
        return null;
    }

    public String cancel() {
        if (foundReference == null) {
            return null;
        }
        try {
            bookings.cancelForPassenger(foundReference, foundLastName);
            booking = null;
            Pages.info(
                    "Booking "
                            + foundReference
                            + " is cancelled and its seats are for sale again.");
        } catch (NotFoundException e) {
            Pages.error("We could not find that booking any more.");
        }
        return null;
    }

    public BookingView getBooking() {
        if (booking == null && foundReference != null) {
            try {
                booking =
                        BookingView.of(
                                bookings.findForPassenger(foundReference, foundLastName), catalog);
            } catch (NotFoundException e) {
                foundReference = null;
            }
        }
        return booking;
    }

    public String getReference() {
        return reference;
    }

    public void setReference(String reference) {
        this.reference = reference;
    }

    public String getLastName() {
        return lastName;
    }

    public void setLastName(String lastName) {
        this.lastName = lastName;
    }
}
