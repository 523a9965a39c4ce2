package dev.seatlock.domain.flight;

import dev.seatlock.domain.Money;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.infrastructure.persistence.FlightRepository;
import dev.seatlock.lock.LockService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What is for sale: flights and their seat maps. A seat is SOLD when a standing booking has it (the
 * database), HELD when a lease on it exists (Redis), otherwise AVAILABLE.
 */
@ApplicationScoped
public class FlightCatalog {

    private final FlightRepository flights;
    private final LockService locks;

    @Inject
    public FlightCatalog(FlightRepository flights, LockService locks) {
        this.flights = flights;
        this.locks = locks;
    }

    /** For CDI's proxy. */
    protected FlightCatalog() {
        this(null, null);
    }

    public List<FlightSummary> flights() {
        Map<FlightId, Set<SeatCode>> sold = flights.soldSeatsByFlight();
        List<FlightSummary> summaries = new ArrayList<>();
        for (Flight flight : flights.all()) {
            Set<SeatCode> unavailable = new HashSet<>(sold.getOrDefault(flight.id(), Set.of()));
            unavailable.addAll(heldSeats(flight));
            summaries.add(
                    new FlightSummary(flight, flight.layout().capacity() - unavailable.size()));
        }
        return summaries;
    }

    public Flight flight(FlightId id) {
        return flights.find(id).orElseThrow(() -> new NotFoundException("flight", id.value()));
    }

    public SeatMap seatMap(FlightId id) {
        Flight flight = flight(id);
        Set<SeatCode> sold = flights.soldSeats(id);
        Set<SeatCode> held = heldSeats(flight);
        SeatLayout layout = flight.layout();
        List<SeatView> seats =
                layout.seats().stream()
                        .map(
                                seat ->
                                        new SeatView(
                                                seat,
                                                layout.cabinOf(seat),
                                                layout.isExitRow(seat.row()),
                                                new Money(flight.fareFor(seat), flight.currency()),
                                                sold.contains(seat)
                                                        ? SeatState.SOLD
                                                        : held.contains(seat)
                                                                ? SeatState.HELD
                                                                : SeatState.AVAILABLE))
                        .toList();
        return new SeatMap(flight, seats);
    }

    private Set<SeatCode> heldSeats(Flight flight) {
        Map<String, SeatCode> byKey =
                flight.layout().seats().stream()
                        .collect(
                                Collectors.toMap(
                                        seat -> new SeatId(flight.id(), seat).lockKey(),
                                        Function.identity()));
        return locks.heldKeys(byKey.keySet()).stream().map(byKey::get).collect(Collectors.toSet());
    }
}
