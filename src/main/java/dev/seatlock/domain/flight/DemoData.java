package dev.seatlock.domain.flight;

import dev.seatlock.domain.booking.Booking;
import dev.seatlock.domain.booking.Passenger;
import dev.seatlock.infrastructure.persistence.BookingRepository;
import dev.seatlock.infrastructure.persistence.FlightRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates a few flights on first start, one of them with a single seat left so that the last-seat
 * race can be tried at once. Does nothing when flights exist or {@code seatlock.demo-data=false}.
 */
@ApplicationScoped
public class DemoData {

    /** The flight with one seat left: 30F. */
    public static final FlightId LAST_SEAT_FLIGHT = new FlightId("SL999");

    public static final SeatCode LAST_SEAT = new SeatCode("30F");

    private static final Logger LOG = Logger.getLogger(DemoData.class.getName());

    private final FlightRepository flights;
    private final BookingRepository bookings;
    private final boolean enabled;

    @Inject
    public DemoData(
            FlightRepository flights,
            BookingRepository bookings,
            @ConfigProperty(name = "seatlock.demo-data", defaultValue = "true") boolean enabled) {
        this.flights = flights;
        this.bookings = bookings;
        this.enabled = enabled;
    }

    /** For CDI's proxy. */
    protected DemoData() {
        this(null, null, false);
    }

    @Transactional
    public void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!enabled || flights.count() > 0) {
            return;
        }
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        add("SL101", "AMS", "LIS", tomorrow, 7, 15, "389.00", "129.00");
        add("SL202", "LIS", "AMS", tomorrow, 18, 40, "389.00", "119.00");
        add("SL303", "CDG", "BCN", tomorrow.plusDays(1), 9, 5, "299.00", "89.00");
        add("SL404", "FRA", "ATH", tomorrow.plusDays(2), 12, 30, "459.00", "159.00");
        Flight lastSeat =
                add(LAST_SEAT_FLIGHT.value(), "LHR", "DUB", tomorrow, 20, 10, "249.00", "79.00");
        List<SeatCode> soldOut =
                lastSeat.layout().seats().stream().filter(seat -> !seat.equals(LAST_SEAT)).toList();
        bookings.add(
                Booking.imported(
                        "DEMO0001",
                        "partner:legacy-import",
                        lastSeat.id(),
                        soldOut,
                        new Passenger(soldOut.get(0), "Charter", "Group"),
                        new BigDecimal("14000.00"),
                        "EUR",
                        Instant.now()));
        LOG.info(
                "Created demo flights SL101, SL202, SL303, SL404 and SL999 (only seat "
                        + LAST_SEAT
                        + " left)");
    }

    private Flight add(
            String id,
            String from,
            String to,
            LocalDate day,
            int hour,
            int minute,
            String business,
            String economy) {
        Instant departure = day.atTime(LocalTime.of(hour, minute)).toInstant(ZoneOffset.UTC);
        Flight flight =
                new Flight(
                        new FlightId(id),
                        from,
                        to,
                        departure,
                        new BigDecimal(business),
                        new BigDecimal(economy),
                        "EUR");
        flights.add(flight);
        return flight;
    }
}
