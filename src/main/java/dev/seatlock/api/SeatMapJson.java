package dev.seatlock.api;

import dev.seatlock.domain.flight.SeatMap;
import dev.seatlock.domain.flight.SeatView;
import java.math.BigDecimal;
import java.util.List;

/** A flight's seat map: every seat with cabin, price and state. */
public record SeatMapJson(String flightId, String aircraft, long available, List<SeatJson> seats) {

    /** One seat. {@code state} is AVAILABLE, HELD or SOLD. */
    public record SeatJson(
            String seat,
            int row,
            String letter,
            String cabin,
            boolean exitRow,
            BigDecimal price,
            String currency,
            String state) {

        static SeatJson of(SeatView view) {
            return new SeatJson(
                    view.seat().value(),
                    view.seat().row(),
                    String.valueOf(view.seat().letter()),
                    view.cabin().name(),
                    view.exitRow(),
                    view.price().amount(),
                    view.price().currency(),
                    view.state().name());
        }
    }

    static SeatMapJson of(SeatMap map) {
        return new SeatMapJson(
                map.flight().id().value(),
                map.flight().aircraft(),
                map.count(dev.seatlock.domain.flight.SeatState.AVAILABLE),
                map.seats().stream().map(SeatJson::of).toList());
    }
}
