package dev.seatlock.api;

import dev.seatlock.domain.flight.Flight;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.domain.hold.SeatHold;
import java.math.BigDecimal;
import java.util.List;

/** A hold: its seats, their prices, and until when it keeps them. */
public record HoldJson(
        String holdId,
        String flightId,
        List<HeldSeat> seats,
        BigDecimal total,
        String currency,
        String status,
        String expiresAt) {

    /** One held seat and its price. */
    public record HeldSeat(String seat, String cabin, BigDecimal price) {}

    static HoldJson of(SeatHold hold, Flight flight) {
        List<HeldSeat> seats =
                hold.seats().stream()
                        .map(SeatId::seat)
                        .map(
                                seat ->
                                        new HeldSeat(
                                                seat.value(),
                                                flight.layout().cabinOf(seat).name(),
                                                flight.fareFor(seat)))
                        .toList();
        return new HoldJson(
                hold.id(),
                hold.flightId().value(),
                seats,
                flight.priceOf(hold.seats()).amount(),
                flight.currency(),
                hold.status().name(),
                hold.expiresAt().toString());
    }
}
