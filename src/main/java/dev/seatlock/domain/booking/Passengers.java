package dev.seatlock.domain.booking;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks that a list of passengers names exactly the seats of a hold, one each. */
public final class Passengers {

    private Passengers() {}

    static Map<SeatCode, Passenger> bySeat(List<Passenger> passengers) {
        Map<SeatCode, Passenger> bySeat = new LinkedHashMap<>();
        for (Passenger passenger : passengers) {
            if (bySeat.put(passenger.seat(), passenger) != null) {
                throw new InvalidRequestException(
                        "passengers", "Seat " + passenger.seat() + " has two passengers");
            }
        }
        return bySeat;
    }

    public static void requireOnePerSeat(List<Passenger> passengers, List<SeatId> seats) {
        Set<SeatCode> held = seats.stream().map(SeatId::seat).collect(Collectors.toSet());
        Map<SeatCode, Passenger> named = bySeat(passengers);
        if (!named.keySet().equals(held)) {
            throw new InvalidRequestException(
                    "passengers",
                    "Name one passenger for each held seat "
                            + held.stream().sorted().toList()
                            + "; got "
                            + named.keySet().stream().sorted().toList());
        }
    }
}
