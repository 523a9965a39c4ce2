package dev.seatlock.domain.hold;

import dev.seatlock.domain.DataStores;
import jakarta.data.repository.By;
import jakarta.data.repository.DataRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Insert;
import jakarta.data.repository.Repository;
import java.util.Optional;

/**
 * Seat holds by id. A Jakarta Data repository on the application's persistence unit ({@link
 * DataStores#SEATLOCK}). A hold found inside a transaction stays managed until it ends: its state
 * changes ({@link SeatHold#markConfirmed()} and the like) are written at commit, checked by its
 * version.
 */
@Repository(dataStore = DataStores.SEATLOCK)
public interface Holds extends DataRepository<SeatHold, String> {

    @Find
    Optional<SeatHold> find(@By(By.ID) String id);

    @Insert
    void add(SeatHold hold);
}
