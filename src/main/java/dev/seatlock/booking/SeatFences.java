package dev.seatlock.booking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The fencing check where a sale is written: a seat accepts a write only with a fencing token higher
 * than any it has accepted before. A holder whose lease ran out while it was paused (a GC pause, a slow
 * network) carries an older token than whoever took the seat next, so its late write is refused even if
 * it skipped every other check. Must run inside the transaction that writes the booking.
 */
@ApplicationScoped
public class SeatFences {

    private final EntityManager entityManager;

    @Inject
    public SeatFences(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For CDI's proxy. */
    protected SeatFences() {
        this(null);
    }

    /**
     * Records {@code token} as the seat's newest fencing token: one conditional UPDATE, so the database
     * compares and writes atomically whatever other servers do. A seat never written before gets a row;
     * two first writers collide on its primary key and only one commits.
     *
     * @throws StaleFencingTokenException when a token at least as new is already recorded
     */
    public void advance(SeatId seat, long token) {
        String seatId = SeatFence.idOf(seat);
        int updated = entityManager.createQuery("UPDATE SeatFence f SET f.lastToken = :token"
                        + " WHERE f.seatId = :seat AND f.lastToken < :token")
                .setParameter("token", token).setParameter("seat", seatId).executeUpdate();
        if (updated == 1) {
            return;
        }
        if (entityManager.find(SeatFence.class, seatId) != null) {
            throw new StaleFencingTokenException(seat, token);
        }
        entityManager.persist(new SeatFence(seat, token));
        entityManager.flush();
    }
}
