package dev.seatlock.web;

import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatChangeFeed;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps open seat maps current. It follows the seat changes every server announces and the leases
 * that run out ({@link SeatChangeFeed}, Redis pub/sub and keyspace events): on a change of a flight
 * someone has opened a seat map of in the last {@code seatlock.web.watch-for} (30 min), it reads
 * the flight's seat states — sold seats from the database, held seats from Redis, through {@link
 * FlightCatalog} — and when they changed pushes them on the Faces websocket channel {@value
 * #CHANNEL}.
 *
 * <p>The event only says "read this flight again": the read decides what the page shows, so an
 * event that comes late or twice shows nothing wrong. One that is lost (the subscription was down,
 * a Cluster node's expiry) is caught up by the slow resynchronising read of every watched flight
 * every {@code seatlock.web.seat-map-resync} (30 s), and everything is read again whenever the feed
 * (re)connects. Reads of one flight are coalesced: a burst of events costs one read.
 */
@ApplicationScoped
public class SeatMapWatch {

    /** The websocket channel of seat-map.xhtml's {@code f:websocket}. */
    public static final String CHANNEL = "seatmap";

    private static final Logger LOG = Logger.getLogger(SeatMapWatch.class.getName());

    private final FlightCatalog catalog;
    private final SeatChangeFeed feed;
    private final PushContext push;
    private final Duration resync;
    private final Duration watchFor;
    private final Map<FlightId, Instant> watched = new ConcurrentHashMap<>();
    private final Map<FlightId, Map<String, List<String>>> lastSeen = new ConcurrentHashMap<>();
    private final Set<FlightId> readPending = ConcurrentHashMap.newKeySet();

    @Resource private ManagedScheduledExecutorService scheduler;
    private ScheduledFuture<?> resyncing;

    @Inject
    public SeatMapWatch(
            FlightCatalog catalog,
            SeatChangeFeed feed,
            @Push(channel = CHANNEL) PushContext push,
            @ConfigProperty(name = "seatlock.web.seat-map-resync", defaultValue = "PT30S")
                    Duration resync,
            @ConfigProperty(name = "seatlock.web.watch-for", defaultValue = "PT30M")
                    Duration watchFor) {
        this.catalog = catalog;
        this.feed = feed;
        this.push = push;
        this.resync = resync;
        this.watchFor = watchFor;
    }

    /** For CDI's proxy. */
    protected SeatMapWatch() {
        this(null, null, null, Duration.ofSeconds(30), Duration.ofMinutes(30));
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        feed.listen(change -> changed(change.flight()), this::readAll);
        resyncing =
                scheduler.scheduleWithFixedDelay(
                        this::readAll, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (resyncing != null) {
            resyncing.cancel(false);
        }
    }

    /** A browser opened the seat map of the flight: watch it for the next {@code watch-for}. */
    public void watch(FlightId flight) {
        watched.put(flight, Instant.now());
    }

    /** Seats of the flight changed (on any server): read it again soon, once for a burst. */
    void changed(FlightId flight) {
        if (watched.containsKey(flight) && readPending.add(flight)) {
            scheduler.execute(
                    () -> {
                        readPending.remove(flight);
                        poll(flight);
                    });
        }
    }

    private void readAll() {
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
            // Redis or the database away: the pages say so when used; the next event or resync
            // tries
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
