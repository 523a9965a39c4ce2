package dev.seatlock.domain.hold;

import dev.seatlock.domain.booking.BookingLedger;
import dev.seatlock.domain.flight.SeatId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The highest fencing token that has written a seat. A write with a token that is not higher is
 * from a holder whose lease expired while it was paused, and is refused: see {@link BookingLedger}.
 */
@Entity
@Table(name = "SEAT_FENCE")
public class SeatFence {

    /** "flight/seat", e.g. {@code SL101/12C}. */
    @Id
    @Column(name = "SEAT_ID", length = 12)
    private String seatId;

    @Column(name = "LAST_TOKEN", nullable = false)
    private long lastToken;

    protected SeatFence() {
        // for JPA
    }

    SeatFence(SeatId seat, long lastToken) {
        this.seatId = seat.text();
        this.lastToken = lastToken;
    }

    long lastToken() {
        return lastToken;
    }
}
