package dev.seatlock.domain.flight;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A scheduled flight with its aircraft's seat layout and its fares per cabin. */
@Entity
@Table(name = "FLIGHT")
public class Flight {

    @Id
    @Column(name = "ID", length = 6)
    private String id;

    @Column(name = "ORIGIN", length = 3, nullable = false)
    private String origin;

    @Column(name = "DESTINATION", length = 3, nullable = false)
    private String destination;

    @Column(name = "DEPARTURE", nullable = false)
    private Instant departure;

    @Column(name = "AIRCRAFT", length = 8, nullable = false)
    private String aircraft;

    @Column(name = "BUSINESS_FARE", precision = 10, scale = 2, nullable = false)
    private BigDecimal businessFare;

    @Column(name = "ECONOMY_FARE", precision = 10, scale = 2, nullable = false)
    private BigDecimal economyFare;

    @Column(name = "CURRENCY", length = 3, nullable = false)
    private String currency;

    protected Flight() {
        // for JPA
    }

    public Flight(
            FlightId id,
            String origin,
            String destination,
            Instant departure,
            BigDecimal businessFare,
            BigDecimal economyFare,
            String currency) {
        this.id = id.value();
        this.origin = origin;
        this.destination = destination;
        this.departure = departure;
        this.aircraft = "A320";
        this.businessFare = businessFare;
        this.economyFare = economyFare;
        this.currency = currency;
    }

    public FlightId id() {
        return new FlightId(id);
    }

    public String origin() {
        return origin;
    }

    public String destination() {
        return destination;
    }

    public Instant departure() {
        return departure;
    }

    public String aircraft() {
        return aircraft;
    }

    public String currency() {
        return currency;
    }

    /** The cheapest fare on board, for "from" prices. */
    public BigDecimal lowestFare() {
        return economyFare.min(businessFare);
    }

    public SeatLayout layout() {
        return SeatLayout.A320;
    }

    public BigDecimal fareFor(SeatCode seat) {
        return layout().cabinOf(seat) == Cabin.BUSINESS ? businessFare : economyFare;
    }

    /** What the seats cost together, in this flight's currency. */
    public Money priceOf(java.util.Collection<SeatId> seats) {
        BigDecimal total =
                seats.stream()
                        .map(seat -> fareFor(seat.seat()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Money(total, currency);
    }

    /** The seat, if this flight's aircraft has it. */
    public SeatId seat(SeatCode code) {
        if (!layout().has(code)) {
            throw new InvalidRequestException(
                    "seats",
                    "Flight "
                            + id
                            + " ("
                            + aircraft
                            + ") has no seat "
                            + code
                            + "; rows are 1-"
                            + layout().rows()
                            + ", letters "
                            + layout().letters());
        }
        return new SeatId(id(), code);
    }
}
