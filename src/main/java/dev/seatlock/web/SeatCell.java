package dev.seatlock.web;

import dev.seatlock.domain.flight.SeatState;
import dev.seatlock.domain.flight.SeatView;
import java.util.Locale;

/**
 * One seat button of the seat map: its code, look and the label a screen reader reads, e.g. "Seat
 * 12C, economy, exit row, 129 EUR, available".
 */
public record SeatCell(
        String code, String cabin, boolean exitRow, String price, String state, boolean selected) {

    static SeatCell of(SeatView seat, boolean selected) {
        return new SeatCell(
                seat.seat().value(),
                seat.cabin().label().toLowerCase(Locale.ROOT),
                seat.exitRow(),
                Prices.format(seat.price().amount(), seat.price().currency()),
                seat.state().name().toLowerCase(Locale.ROOT),
                selected && seat.state() == SeatState.AVAILABLE);
    }

    // Called as methods (#{cell.label()}), not read as bean properties: Expression Language 6
    // (Jakarta EE 11) resolves a property of a record to its components only, so #{cell.label} no
    // longer finds getLabel().

    public boolean available() {
        return "available".equals(state);
    }

    public String label() {
        return "Seat "
                + code
                + ", "
                + cabin
                + (exitRow ? ", exit row" : "")
                + ", "
                + price
                + ", "
                + stateWords();
    }

    private String stateWords() {
        return switch (state) {
            case "held" -> "held by another buyer";
            case "sold" -> "sold";
            case "yours" -> "held by you";
            default -> "available";
        };
    }
}
