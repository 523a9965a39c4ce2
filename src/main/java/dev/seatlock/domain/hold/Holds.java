package dev.seatlock.domain.hold;

import dev.seatlock.domain.DataStores;
import jakarta.data.repository.By;
import jakarta.data.repository.DataRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Insert;
import jakarta.data.repository.Repository;
import jakarta.data.repository.Save;
import java.util.Optional;

/**
 * Seat holds by id. A Jakarta Data repository on the application's persistence unit ({@link
 * DataStores#SEATLOCK}), working in the caller's transaction. Liberty gives every repository call
 * an EntityManager of its own, so a hold it returns is detached: a changed hold ({@link
 * SeatHold#markConfirmed()} and the like) is written back with {@link #save}, never by the commit
 * alone.
 */
@Repository(dataStore = DataStores.SEATLOCK)
public interface Holds extends DataRepository<SeatHold, String> {

    @Find
    Optional<SeatHold> find(@By(By.ID) String id);

    @Insert
    void add(SeatHold hold);

    /**
     * Writes a changed hold back (a merge): refused with an optimistic locking failure when its
     * version shows that someone else changed it since it was read.
     */
    @Save
    void save(SeatHold hold);
}
