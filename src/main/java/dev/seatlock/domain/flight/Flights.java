package dev.seatlock.domain.flight;

import dev.seatlock.domain.DataStores;
import jakarta.data.repository.By;
import jakarta.data.repository.DataRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Insert;
import jakarta.data.repository.Query;
import jakarta.data.repository.Repository;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Flights and what has been sold on them. A Jakarta Data repository: the runtime implements it on
 * the application's persistence unit ({@link DataStores#SEATLOCK}), joining the caller's
 * transaction when there is one.
 */
@Repository(dataStore = DataStores.SEATLOCK)
public interface Flights extends DataRepository<Flight, String> {

    @Query("SELECT f FROM Flight f ORDER BY f.departure, f.id")
    List<Flight> all();

    @Find
    Optional<Flight> withId(@By(By.ID) String id);

    default Optional<Flight> find(FlightId id) {
        return withId(id.value());
    }

    @Query("SELECT COUNT(f) FROM Flight f")
    long count();

    @Insert
    void add(Flight flight);

    /** Seat codes of the flight that belong to a standing booking. */
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

    /** Seats of every flight that belong to a standing booking, in one query. */
    @Query(
            "SELECT NEW dev.seatlock.domain.flight.SoldSeat(s.flightId, s.seat)"
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
