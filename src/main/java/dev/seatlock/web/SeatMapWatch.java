package dev.seatlock.web;

import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatMap;
import dev.seatlock.domain.flight.SeatState;
import dev.seatlock.domain.flight.SeatView;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps open seat maps current. Every {@code seatlock.web.seat-map-poll} (500 ms) it reads the seat
 * states of the flights someone has opened a seat map of in the last {@code seatlock.web.watch-for}
 * (30 min) — sold seats from the database, held seats from Redis, through {@link FlightCatalog} —
 * and when a flight's states changed it pushes them on the Faces websocket channel {@value
 * #CHANNEL}.
 *
 * <p>Why poll the shared state rather than push from the hold/confirm/cancel paths: a hold taken
 * through the partner API on another server, or a hold whose Redis lease simply ran out, changes no
 * code path on this server. Each server polls the stores all servers share, so every browser sees
 * every change within one interval, whichever server made it. The cost is one SQL query and one
 * Redis script per watched flight and interval per server.
 */
@ApplicationScoped
public class SeatMapWatch {

    /** The websocket channel of seat-map.xhtml's {@code f:websocket}. */
    public static final String CHANNEL = "seatmap";

    private static final Logger LOG = Logger.getLogger(SeatMapWatch.class.getName());

    private final FlightCatalog catalog;
    private final PushContext push;
    private final Duration interval;
    private final Duration watchFor;
    private final Map<FlightId, Instant> watched = new ConcurrentHashMap<>();
    private final Map<FlightId, Map<String, List<String>>> lastSeen = new ConcurrentHashMap<>();

    @Resource private ManagedScheduledExecutorService scheduler;
    private ScheduledFuture<?> polling;

    @Inject
    public SeatMapWatch(
            FlightCatalog catalog,
            @Push(channel = CHANNEL) PushContext push,
            @ConfigProperty(name = "seatlock.web.seat-map-poll", defaultValue = "PT0.5S")
                    Duration interval,
            @ConfigProperty(name = "seatlock.web.watch-for", defaultValue = "PT30M")
                    Duration watchFor) {
        this.catalog = catalog;
        this.push = push;
        this.interval = interval;
        this.watchFor = watchFor;
    }

    /** For CDI's proxy. */
    protected SeatMapWatch() {
        this(null, null, Duration.ofMillis(500), Duration.ofMinutes(30));
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        polling =
                scheduler.scheduleWithFixedDelay(
                        this::pollAll,
                        interval.toMillis(),
                        interval.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (polling != null) {
            polling.cancel(false);
        }
    }

    /** A browser opened the seat map of the flight: watch it for the next {@code watch-for}. */
    public void watch(FlightId flight) {
        watched.put(flight, Instant.now());
    }

    /**
     * This server changed seats of the flight: tell browsers now rather than at the next interval.
     */
    public void changed(FlightId flight) {
        if (watched.containsKey(flight)) {
            scheduler.execute(() -> poll(flight));
        }
    }

    private void pollAll() {
        Instant cutoff = Instant.now().minus(watchFor);
        watched.entrySet()
                .removeIf(
                        entry -> {
                            boolean stale = entry.getValue().isBefore(cutoff);
                            if (stale) {
                                lastSeen.remove(entry.getKey());
                            }
                            return stale;
                        });
        watched.keySet().forEach(this::poll);
    }

    private synchronized void poll(FlightId flight) {
        try {
            Map<String, List<String>> states = unavailableSeats(catalog.seatMap(flight));
            Map<String, List<String>> previous = lastSeen.put(flight, states);
            if (!states.equals(previous)) {
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("flight", flight.value());
                message.putAll(states);
                push.send(message);
            }
        } catch (RuntimeException e) {
            // Redis or the database away: the pages say so when used; the next interval tries
            // again.
            LOG.log(
                    Level.FINE,
                    "Seat map of {0} not polled: {1}",
                    new Object[] {flight, e.toString()});
        }
    }

    private static Map<String, List<String>> unavailableSeats(SeatMap map) {
        Map<String, List<String>> states = new LinkedHashMap<>();
        states.put("held", seatsIn(map, SeatState.HELD));
        states.put("sold", seatsIn(map, SeatState.SOLD));
        return states;
    }

    private static List<String> seatsIn(SeatMap map, SeatState state) {
        return map.seats().stream()
                .filter(seat -> seat.state() == state)
                .map(SeatView::seat)
                .map(Object::toString)
                .toList();
    }
}
