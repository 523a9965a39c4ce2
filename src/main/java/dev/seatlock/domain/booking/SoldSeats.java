package dev.seatlock.domain.booking;

import dev.seatlock.domain.DataStores;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import jakarta.data.repository.DataRepository;
import jakarta.data.repository.Query;
import jakarta.data.repository.Repository;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What has been sold: the seats of standing bookings, per flight. A Jakarta Data repository of
 * {@link BookedSeat} on the application's persistence unit ({@link DataStores#SEATLOCK}); its own
 * repository because Liberty resolves the entity names of a repository's queries among the entities
 * its repositories are declared for.
 */
@Repository(dataStore = DataStores.SEATLOCK)
public interface SoldSeats extends DataRepository<BookedSeat, Long> {

    @Query(
            "SELECT s.seat FROM BookedSeat s WHERE s.flightId = :flight"
                    + " AND s.activeSeat IS NOT NULL")
    List<String> soldSeatCodes(String flight);

    /** Seats of the flight that belong to a standing booking. */
    default Set<SeatCode> soldSeats(FlightId flight) {
        return soldSeatCodes(flight.value()).stream()
                .map(SeatCode::new)
                .collect(Collectors.toSet());
    }

    /**
     * The seats of standing bookings of every flight, in one query; a constructor expression, so
     * that no entity (and no booking) is loaded for the flight list.
     */
    @Query(
            "SELECT NEW dev.seatlock.domain.booking.SoldSeat(s.flightId, s.seat)"
                    + " FROM BookedSeat s WHERE s.activeSeat IS NOT NULL")
    List<SoldSeat> soldSeatsOfAllFlights();

    /** Seats of every flight that belong to a standing booking, for the flight list. */
    default Map<FlightId, Set<SeatCode>> soldSeatsByFlight() {
        Map<FlightId, Set<SeatCode>> sold = new HashMap<>();
        for (SoldSeat seat : soldSeatsOfAllFlights()) {
            sold.computeIfAbsent(new FlightId(seat.flightId()), f -> new HashSet<>())
                    .add(new SeatCode(seat.seat()));
        }
        return sold;
    }
}
