package dev.seatlock.domain.booking;

import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.domain.hold.SeatHold;
import dev.seatlock.domain.payment.Payment;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Seats sold to a buyer: the durable result of a confirmed hold. */
@Entity
@Table(
        name = "BOOKING",
        uniqueConstraints =
                @UniqueConstraint(name = "ONE_BOOKING_PER_HOLD", columnNames = "HOLD_ID"))
public class Booking {

    @Id
    @Column(name = "REFERENCE", length = 8)
    private String reference;

    @Column(name = "OWNER", length = 64, nullable = false)
    private String owner;

    @Column(name = "FLIGHT_ID", length = 6, nullable = false)
    private String flightId;

    @Column(name = "HOLD_ID", length = 32, nullable = false)
    private String holdId;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", length = 12, nullable = false)
    private BookingStatus status;

    @Column(name = "AMOUNT", precision = 10, scale = 2, nullable = false)
    private BigDecimal amount;

    @Column(name = "CURRENCY", length = 3, nullable = false)
    private String currency;

    @Column(name = "CARD_LAST4", length = 4, nullable = false)
    private String cardLast4;

    @Column(name = "PAYMENT_ID", length = 40, nullable = false)
    private String paymentId;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @OneToMany(mappedBy = "booking", cascade = CascadeType.ALL, fetch = FetchType.EAGER)
    @OrderBy("seat")
    private List<BookedSeat> seats = new ArrayList<>();

    protected Booking() {
        // for JPA
    }

    Booking(
            String reference,
            SeatHold hold,
            List<Passenger> passengers,
            BigDecimal amount,
            String currency,
            String cardLast4,
            String paymentId,
            Instant createdAt) {
        this.reference = reference;
        this.owner = hold.owner();
        this.flightId = hold.flightId().value();
        this.holdId = hold.id();
        this.status = BookingStatus.CONFIRMED;
        this.amount = amount;
        this.currency = currency;
        this.cardLast4 = cardLast4;
        this.paymentId = paymentId;
        this.createdAt = createdAt;
        Map<SeatCode, Passenger> bySeat = Passengers.bySeat(passengers);
        hold.fencingTokens()
                .forEach(
                        (seat, token) ->
                                seats.add(
                                        new BookedSeat(
                                                this, seat, bySeat.get(seat.seat()), token)));
    }

    /** A sale made before SeatLock took over the flight (demo data): no hold, no fencing token. */
    public static Booking imported(
            String reference,
            String owner,
            FlightId flight,
            List<SeatCode> seatCodes,
            Passenger lead,
            BigDecimal amount,
            String currency,
            Instant createdAt) {
        Booking booking = new Booking();
        booking.reference = reference;
        booking.owner = owner;
        booking.flightId = flight.value();
        booking.holdId = "imported-" + reference;
        booking.status = BookingStatus.CONFIRMED;
        booking.amount = amount;
        booking.currency = currency;
        booking.cardLast4 = "0000";
        booking.paymentId = "imported";
        booking.createdAt = createdAt;
        for (SeatCode code : seatCodes) {
            Passenger passenger = new Passenger(code, lead.firstName(), lead.lastName());
            booking.seats.add(new BookedSeat(booking, new SeatId(flight, code), passenger, 0));
        }
        return booking;
    }

    public String reference() {
        return reference;
    }

    public String owner() {
        return owner;
    }

    public FlightId flightId() {
        return new FlightId(flightId);
    }

    public BookingStatus status() {
        return status;
    }

    public BigDecimal amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public String cardLast4() {
        return cardLast4;
    }

    /** The {@link Payment} that paid for it ("imported" for demo sales). */
    public String paymentId() {
        return paymentId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<Passenger> passengers() {
        return seats.stream().map(BookedSeat::passenger).toList();
    }

    public List<BookedSeat> bookedSeats() {
        return List.copyOf(seats);
    }

    public boolean isOwnedBy(String candidate) {
        return owner.equals(candidate);
    }

    public boolean hasPassengerNamed(String lastName) {
        return seats.stream()
                .anyMatch(seat -> seat.passenger().lastName().equalsIgnoreCase(lastName.strip()));
    }

    void cancel() {
        status = BookingStatus.CANCELLED;
        seats.forEach(BookedSeat::release);
    }
}
