package dev.seatlock.booking;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * One sold seat of a booking.
 *
 * <p>{@code ACTIVE_SEAT} is "flight/seat" while the booking stands and NULL once it is cancelled; its
 * unique constraint is the database's last guard against selling a seat twice, whatever happened to
 * the locks (Derby and PostgreSQL both allow many NULLs in a unique column).
 */
@Entity
@Table(name = "BOOKED_SEAT", uniqueConstraints = @UniqueConstraint(name = "ONE_ACTIVE_BOOKING_PER_SEAT",
        columnNames = "ACTIVE_SEAT"),
        // The sold seats of a flight are read inside every hold and by every seat map.
        indexes = @Index(name = "BOOKED_SEAT_FLIGHT", columnList = "FLIGHT_ID"))
public class BookedSeat {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "ID")
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "BOOKING_REF", nullable = false)
    private Booking booking;

    @Column(name = "FLIGHT_ID", length = 6, nullable = false)
    private String flightId;

    @Column(name = "SEAT", length = 4, nullable = false)
    private String seat;

    @Column(name = "ACTIVE_SEAT", length = 12)
    private String activeSeat;

    @Column(name = "FIRST_NAME", length = 60, nullable = false)
    private String firstName;

    @Column(name = "LAST_NAME", length = 60, nullable = false)
    private String lastName;

    @Column(name = "FENCING_TOKEN", nullable = false)
    private long fencingToken;

    protected BookedSeat() {
        // for JPA
    }

    BookedSeat(Booking booking, SeatId seat, Passenger passenger, long fencingToken) {
        this.booking = booking;
        this.flightId = seat.flight().value();
        this.seat = seat.seat().value();
        this.activeSeat = seat.text();
        this.firstName = passenger.firstName();
        this.lastName = passenger.lastName();
        this.fencingToken = fencingToken;
    }


    public SeatCode seat() {
        return new SeatCode(seat);
    }

    public Passenger passenger() {
        return new Passenger(seat(), firstName, lastName);
    }

    void release() {
        activeSeat = null;
    }
}
