package dev.seatlock.infrastructure.persistence;

import dev.seatlock.domain.hold.SeatHold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Optional;

/** Seat holds by id. */
@ApplicationScoped
public class HoldRepository {

    private final EntityManager entityManager;

    @Inject
    public HoldRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For CDI's proxy. */
    protected HoldRepository() {
        this(null);
    }

    public Optional<SeatHold> find(String id) {
        return Optional.ofNullable(entityManager.find(SeatHold.class, id));
    }

    public void add(SeatHold hold) {
        entityManager.persist(hold);
    }
}
