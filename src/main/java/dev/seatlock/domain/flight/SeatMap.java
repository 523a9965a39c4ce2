package dev.seatlock.domain.flight;

import java.util.List;

/** Every seat of a flight with its cabin, price and state, front to back. */
public record SeatMap(Flight flight, List<SeatView> seats) {

    public long count(SeatState state) {
        return seats.stream().filter(seat -> seat.state() == state).count();
    }
}
