package dev.seatlock.infrastructure.persistence;

import dev.seatlock.domain.booking.Booking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Optional;

/** Bookings by reference, and the fencing check that guards their seats. */
@ApplicationScoped
public class BookingRepository {

    private final EntityManager entityManager;

    @Inject
    public BookingRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For CDI's proxy. */
    protected BookingRepository() {
        this(null);
    }

    public Optional<Booking> find(String reference) {
        return Optional.ofNullable(entityManager.find(Booking.class, reference));
    }

    /** The booking a hold was confirmed with, if any (at most one: ONE_BOOKING_PER_HOLD). */
    public Optional<Booking> forHold(String holdId) {
        return entityManager
                .createQuery("SELECT b FROM Booking b WHERE b.holdId = :hold", Booking.class)
                .setParameter("hold", holdId)
                .getResultStream()
                .findFirst();
    }

    /** Persists the booking and its seats now, so a violated unique constraint surfaces here. */
    public void add(Booking booking) {
        entityManager.persist(booking);
        entityManager.flush();
    }
}
