package dev.seatlock.web;

import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.booking.BookingService;
import dev.seatlock.domain.flight.FlightCatalog;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;

/** confirmation.xhtml: the booking this browser session just made. */
@Named
@RequestScoped
public class ConfirmationPage {

    private final BookingService bookings;
    private final FlightCatalog catalog;
    private final BuyerSession buyer;
    private Optional<BookingView> booking;

    @Inject
    public ConfirmationPage(BookingService bookings, FlightCatalog catalog, BuyerSession buyer) {
        this.bookings = bookings;
        this.catalog = catalog;
        this.buyer = buyer;
    }

    /** For CDI's proxy. */
    protected ConfirmationPage() {
        this(null, null, null);
    }

    public BookingView getBooking() {
        if (booking == null) {
            booking =
                    buyer.bookingReference()
                            .flatMap(
                                    reference -> {
                                        try {
                                            return Optional.of(
                                                    BookingView.of(
                                                            bookings.find(buyer.owner(), reference),
                                                            catalog));
                                        } catch (NotFoundException e) {
                                            return Optional.empty();
                                        }
                                    });
        }
        return booking.orElse(null);
    }
}
