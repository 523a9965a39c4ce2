package dev.seatlock.web;

import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.booking.BookingService;
import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.limits.LimitExceededException;
import dev.seatlock.limits.LimitSettings;
import dev.seatlock.limits.RateLimiter;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * my-booking.xhtml: find a booking by reference and a passenger's last name, and cancel it.
 * Look-ups are throttled per client address and per browser session ({@code
 * seatlock.limits.my-booking.*}): a reference and a name are all it takes to see and cancel a
 * booking, so guessing them must be slow. The throttle fails closed: when Redis does not answer, no
 * look-up runs.
 */
@Named
@ViewScoped
public class MyBookingPage implements Serializable {

    private static final long serialVersionUID = 1L;

    private final BookingService bookings;
    private final FlightCatalog catalog;
    private final RateLimiter limiter;
    private final LimitSettings limits;
    private final BuyerSession buyer;

    private String reference;
    private String lastName;
    private String foundReference;
    private String foundLastName;
    private transient BookingView booking;

    @Inject
    public MyBookingPage(
            BookingService bookings,
            FlightCatalog catalog,
            RateLimiter limiter,
            LimitSettings limits,
            BuyerSession buyer) {
        this.bookings = bookings;
        this.catalog = catalog;
        this.limiter = limiter;
        this.limits = limits;
        this.buyer = buyer;
    }

    /** For CDI's proxy. */
    protected MyBookingPage() {
        this(null, null, null, null, null);
    }

    public String find() {
        foundReference = null;
        booking = null;
        Optional<Duration> wait;
        try {
            wait =
                    limiter.tryTake(
                                    limits.lookupsPerAddress(),
                                    "addr:" + Pages.request().getRemoteAddr())
                            .or(() -> limiter.tryTake(limits.lookupsPerSession(), buyer.owner()));
        } catch (LockStoreUnavailableException e) {
            Pages.error(
                    "Finding bookings is temporarily unavailable — please try again in a minute.");
            return null;
        }
        if (wait.isPresent()) {
            long seconds = LimitExceededException.retryAfterSeconds(wait.get());
            Pages.tooManyRequests(seconds);
            Pages.error(
                    "Too many booking look-ups from your connection. Please try again in "
                            + Pages.waitText(seconds)
                            + ".");
            return null;
        }
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
