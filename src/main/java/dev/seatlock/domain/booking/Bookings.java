package dev.seatlock.domain.booking;

import dev.seatlock.domain.DataStores;
import jakarta.data.repository.By;
import jakarta.data.repository.DataRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Insert;
import jakarta.data.repository.Repository;
import jakarta.data.repository.Save;
import java.util.Optional;

/**
 * Bookings by reference. A Jakarta Data repository on the application's persistence unit ({@link
 * DataStores#SEATLOCK}); inside a transaction it joins it, so a booking is written in the same
 * transaction as its hold's and its payment's state. What it returns is detached (an EntityManager
 * per call): a changed booking is written back with {@link #save}.
 */
@Repository(dataStore = DataStores.SEATLOCK)
public interface Bookings extends DataRepository<Booking, String> {

    @Find
    Optional<Booking> find(@By(By.ID) String reference);

    /** The booking a hold was confirmed with, if any (at most one: ONE_BOOKING_PER_HOLD). */
    @Find
    Optional<Booking> forHold(@By("holdId") String holdId);

    /**
     * Writes the booking and its seats now (the provider flushes an insert at once), so that a
     * violated unique constraint surfaces here, inside the caller's transaction.
     */
    @Insert
    void add(Booking booking);

    /** Writes a changed booking back, its seats with it (a merge, cascaded to the seats). */
    @Save
    void save(Booking booking);
}
