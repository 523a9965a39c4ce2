package dev.seatlock.domain.hold;

import dev.seatlock.domain.DataStores;
import jakarta.data.repository.By;
import jakarta.data.repository.DataRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Insert;
import jakarta.data.repository.Query;
import jakarta.data.repository.Repository;
import java.util.Optional;

/**
 * The fencing tokens recorded per seat, for {@link SeatFences}. A Jakarta Data repository on the
 * application's persistence unit ({@link DataStores#SEATLOCK}): the compare-and-set is one
 * conditional JPQL UPDATE, which a {@code @Query} says as well as hand-written JPA would; it runs
 * in the caller's (the booking's) transaction.
 */
@Repository(dataStore = DataStores.SEATLOCK)
public interface SeatFenceRecords extends DataRepository<SeatFence, String> {

    /**
     * Raises the seat's recorded token to {@code token} if it is lower; returns the rows changed
     * (0: no row yet, or a token at least as new recorded).
     */
    @Query(
            "UPDATE SeatFence f SET f.lastToken = :token"
                    + " WHERE f.seatId = :seat AND f.lastToken < :token")
    int advance(String seat, long token);

    @Find
    Optional<SeatFence> find(@By(By.ID) String seatId);

    /** Writes the seat's first fence now: two first writers collide on its primary key here. */
    @Insert
    void add(SeatFence fence);
}
