package dev.seatlock.domain.hold;

import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fencing check where a sale is written: a seat accepts a write only with a fencing token
 * higher than any it has accepted before. A holder whose lease ran out while it was paused (a GC
 * pause, a slow network) carries an older token than whoever took the seat next, so its late write
 * is refused even if it skipped every other check. Must run inside the transaction that writes the
 * booking.
 *
 * <p>The database is also the high-water mark of the lock store's fence counters: when a write is
 * refused as stale, the seat's counter in the lock store is raised to the token recorded here
 * ({@link LockService#advanceFence}). Normally it is higher already and nothing changes; but if the
 * lock store's counter went backwards (restarted empty with its clock set back, restored from an
 * old snapshot), every later holder of the seat would be refused too, and re-seeding lets the next
 * holder write again.
 */
@ApplicationScoped
public class SeatFences {

    private static final Logger LOG = Logger.getLogger(SeatFences.class.getName());

    private final EntityManager entityManager;
    private final LockService locks;

    @Inject
    public SeatFences(EntityManager entityManager, LockService locks) {
        this.entityManager = entityManager;
        this.locks = locks;
    }

    /** For CDI's proxy. */
    protected SeatFences() {
        this(null, null);
    }

    /**
     * Records {@code token} as the seat's newest fencing token: one conditional UPDATE, so the
     * database compares and writes atomically whatever other servers do. A seat never written
     * before gets a row; two first writers collide on its primary key and only one commits.
     *
     * @throws StaleFencingTokenException when a token at least as new is already recorded; the
     *     seat's fence counter in the lock store has then been raised to the recorded token (when
     *     it answers)
     */
    public void advance(SeatId seat, long token) {
        String seatId = seat.text();
        int updated =
                entityManager
                        .createQuery(
                                "UPDATE SeatFence f SET f.lastToken = :token"
                                        + " WHERE f.seatId = :seat AND f.lastToken < :token")
                        .setParameter("token", token)
                        .setParameter("seat", seatId)
                        .executeUpdate();
        if (updated == 1) {
            return;
        }
        SeatFence recorded = entityManager.find(SeatFence.class, seatId);
        if (recorded != null) {
            reseedLockStore(seat, recorded.lastToken());
            throw new StaleFencingTokenException(seat, token, recorded.lastToken());
        }
        entityManager.persist(new SeatFence(seat, token));
        entityManager.flush();
    }

    private void reseedLockStore(SeatId seat, long highWaterMark) {
        try {
            long counter = locks.advanceFence(seat.lockKey(), highWaterMark);
            LOG.log(
                    Level.FINE,
                    "Fence counter of {0} is {1} after a stale write (database high-water mark {2})",
                    new Object[] {seat, counter, highWaterMark});
        } catch (LockStoreUnavailableException e) {
            // The write is refused anyway; the next stale write re-seeds.
            LOG.log(
                    Level.WARNING,
                    "Could not re-seed the fence counter of {0}: {1}",
                    new Object[] {seat, e.getMessage()});
        }
    }
}
