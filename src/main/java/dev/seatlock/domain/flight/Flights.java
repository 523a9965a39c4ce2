package dev.seatlock.domain.flight;

import dev.seatlock.domain.DataStores;
import jakarta.data.repository.By;
import jakarta.data.repository.DataRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Insert;
import jakarta.data.repository.Query;
import jakarta.data.repository.Repository;
import java.util.List;
import java.util.Optional;

/**
 * Flights (what has been sold on them: {@link dev.seatlock.domain.booking.SoldSeats}). A Jakarta
 * Data repository: the runtime implements it on the application's persistence unit ({@link
 * DataStores#SEATLOCK}), joining the caller's transaction when there is one.
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
}
