package dev.seatlock.domain.hold;

import dev.seatlock.domain.flight.SeatCode;
import java.util.List;

/** Some of the requested seats are held by another buyer or already sold. 409. */
public class SeatsUnavailableException extends RuntimeException {

    private final List<SeatCode> seats;

    public SeatsUnavailableException(List<SeatCode> seats) {
        super(describe(seats));
        this.seats = List.copyOf(seats);
    }

    private static String describe(List<SeatCode> seats) {
        String names = String.join(", ", codes(seats));
        return (seats.size() == 1 ? "Seat " + names + " was" : "Seats " + names + " were")
                + " just taken by another buyer; choose other seats";
    }

    public List<SeatCode> seats() {
        return seats;
    }

    /**
     * The taken seats' codes in seat order, e.g. [12C, 12D], as buyers and partners are told them.
     */
    public List<String> seatCodes() {
        return codes(seats);
    }

    private static List<String> codes(List<SeatCode> seats) {
        return seats.stream().sorted().map(SeatCode::value).toList();
    }
}
