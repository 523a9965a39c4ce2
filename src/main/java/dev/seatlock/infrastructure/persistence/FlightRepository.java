package dev.seatlock.infrastructure.persistence;

import dev.seatlock.domain.flight.Flight;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Flights and what has been sold on them. */
@ApplicationScoped
public class FlightRepository {

    private final EntityManager entityManager;

    @Inject
    public FlightRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** For CDI's proxy. */
    protected FlightRepository() {
        this(null);
    }

    public List<Flight> all() {
        return entityManager
                .createQuery("SELECT f FROM Flight f ORDER BY f.departure, f.id", Flight.class)
                .getResultList();
    }

    public Optional<Flight> find(FlightId id) {
        return Optional.ofNullable(entityManager.find(Flight.class, id.value()));
    }

    public long count() {
        return entityManager
                .createQuery("SELECT COUNT(f) FROM Flight f", Long.class)
                .getSingleResult();
    }

    public void add(Flight flight) {
        entityManager.persist(flight);
    }

    /** Seats of the flight that belong to a standing booking. */
    public Set<SeatCode> soldSeats(FlightId flight) {
        return entityManager
                .createQuery(
                        "SELECT s.seat FROM BookedSeat s WHERE s.flightId = :flight"
                                + " AND s.activeSeat IS NOT NULL",
                        String.class)
                .setParameter("flight", flight.value())
                .getResultStream()
                .map(SeatCode::new)
                .collect(Collectors.toSet());
    }

    /**
     * Seats of every flight that belong to a standing booking, in one query, for the flight list.
     */
    public Map<FlightId, Set<SeatCode>> soldSeatsByFlight() {
        Map<FlightId, Set<SeatCode>> sold = new HashMap<>();
        entityManager
                .createQuery(
                        "SELECT s.flightId, s.seat FROM BookedSeat s WHERE s.activeSeat IS NOT NULL",
                        Object[].class)
                .getResultList()
                .forEach(
                        row ->
                                sold.computeIfAbsent(
                                                new FlightId((String) row[0]), f -> new HashSet<>())
                                        .add(new SeatCode((String) row[1])));
        return sold;
    }
}
