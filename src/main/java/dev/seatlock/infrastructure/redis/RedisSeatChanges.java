package dev.seatlock.infrastructure.redis;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatChange;
import dev.seatlock.domain.flight.SeatChangeFeed;
import dev.seatlock.domain.flight.SeatChanges;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.lock.redis.RedisLockServiceProducer;
import dev.seatlock.lock.redis.RedisLockServiceProducer.SideConnection;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Seat changes as Redis pub/sub messages, and expired leases as Redis keyspace notifications.
 *
 * <p>A change is {@code PUBLISH <prefix>seats:{FLIGHT} "<KIND> <seat> <seat>..."}; every server
 * holds one subscription ({@code PSUBSCRIBE <prefix>seats:*} plus the keyspace channel {@code
 * __keyevent@<db>__:expired}) on a thread of its own, and hands each message to the seat maps. The
 * channel carries the flight as hash tag, like the flight's lock keys. Plain pub/sub on every
 * topology: on a Cluster a PUBLISH reaches every node, so one subscription on any node hears all
 * flights (sharded pub/sub would need one subscription per slot). Under Redlock the events go
 * through the first Redis: they only make pages quicker, the locks do not depend on them.
 *
 * <p>Expiry: Redis publishes an {@code expired} event when it deletes a lease that ran out, if
 * {@code notify-keyspace-events} has {@code E} and {@code x}. With {@code
 * seatlock.web.seat-events.configure-keyspace=true} (the default) this server adds the two flags to
 * whatever is set, at every (re)connection; where CONFIG is not allowed (managed Redis services),
 * set them there, or expiries show at the next resynchronising read only. Keyspace events are local
 * to a Cluster node, so on a Cluster only the expiries of the node subscribed to are heard.
 *
 * <p>A subscription that drops (Redis restarted, connection cut) is opened again after {@code
 * seatlock.web.seat-events.reconnect} (1 s); meanwhile the seat maps rely on their slow resync, and
 * after every (re)connection they read everything again ({@link SeatChangeFeed#listen}).
 */
@ApplicationScoped
public class RedisSeatChanges implements SeatChanges, SeatChangeFeed {

    private static final Logger LOG = Logger.getLogger(RedisSeatChanges.class.getName());

    private final RedisLockServiceProducer redis;
    private final Duration reconnect;
    private final boolean configureKeyspace;

    @Resource private ManagedThreadFactory threads;
    @Resource private TransactionSynchronizationRegistry transactions;

    // Guarded by this.
    private SideConnection connection;
    private Thread subscriber;
    private Subscription subscription;
    private boolean stopped;

    @Inject
    public RedisSeatChanges(
            RedisLockServiceProducer redis,
            @ConfigProperty(name = "seatlock.web.seat-events.reconnect", defaultValue = "PT1S")
                    Duration reconnect,
            @ConfigProperty(
                            name = "seatlock.web.seat-events.configure-keyspace",
                            defaultValue = "true")
                    boolean configureKeyspace) {
        this.redis = redis;
        this.reconnect = reconnect;
        this.configureKeyspace = configureKeyspace;
    }

    /** For CDI's proxy. */
    protected RedisSeatChanges() {
        this(null, Duration.ofSeconds(1), true);
    }

    @Override
    public void announce(SeatChange change) {
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(
                    new Synchronization() {
                        @Override
                        public void beforeCompletion() {}

                        @Override
                        public void afterCompletion(int status) {
                            if (status == Status.STATUS_COMMITTED) {
                                publish(change);
                            }
                        }
                    });
        } else {
            publish(change);
        }
    }

    private void publish(SeatChange change) {
        try {
            SideConnection side = connection();
            side.client().publish(channel(side.keyPrefix(), change.flight()), message(change));
        } catch (RuntimeException e) {
            // Best effort by contract: the other servers' resync catches up.
            LOG.log(
                    Level.FINE,
                    "Seat change {0} not announced: {1}",
                    new Object[] {change, e.toString()});
        }
    }

    @Override
    public synchronized void listen(Consumer<SeatChange> onChange, Runnable onResync) {
        if (subscriber != null || stopped) {
            throw new IllegalStateException("The seat change feed has a listener already");
        }
        subscriber = threads.newThread(() -> subscribeUntilStopped(onChange, onResync));
        subscriber.setName("seatlock-seat-events");
        subscriber.start();
    }

    @Override
    public synchronized boolean connected() {
        return subscription != null && subscription.isSubscribed();
    }

    private void subscribeUntilStopped(Consumer<SeatChange> onChange, Runnable onResync) {
        boolean first = true;
        while (!isStopped()) {
            try {
                SideConnection side = connection();
                if (configureKeyspace) {
                    enableExpiryEvents(side.client());
                }
                Subscription current = new Subscription(side, onChange, onResync);
                synchronized (this) {
                    if (stopped) {
                        return;
                    }
                    subscription = current;
                }
                // Blocks until unsubscribed (stop) or the connection fails.
                side.client()
                        .psubscribe(
                                current,
                                side.keyPrefix() + "seats:*",
                                "__keyevent@" + side.database() + "__:expired");
            } catch (RuntimeException e) {
                if (isStopped()) {
                    return;
                }
                LOG.log(
                        first ? Level.WARNING : Level.FINE,
                        "Seat change events unavailable ({0}); seat maps rely on their resync"
                                + " until Redis answers again",
                        e.toString());
                first = false;
            }
            sleep(reconnect);
        }
    }

    /** Adds E (keyevent) and x (expired) to Redis' notify-keyspace-events, keeping the rest. */
    private static void enableExpiryEvents(UnifiedJedis client) {
        try {
            String flags =
                    client.configGet("notify-keyspace-events").values().stream()
                            .findFirst()
                            .orElse("");
            boolean keyevent = flags.contains("E");
            boolean expired = flags.contains("x") || flags.contains("A");
            if (!keyevent || !expired) {
                String wanted = flags + (keyevent ? "" : "E") + (expired ? "" : "x");
                client.configSet("notify-keyspace-events", wanted);
                LOG.log(
                        Level.INFO,
                        "Redis notify-keyspace-events set to \"{0}\" (was \"{1}\") so that seat"
                                + " maps hear of leases that run out",
                        new Object[] {wanted, flags});
            }
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().contains("unknown command")) {
                LOG.log(
                        Level.WARNING,
                        "Redis does not allow CONFIG: set notify-keyspace-events to include \"Ex\""
                                + " there, or seat maps show an expired hold only at their next"
                                + " resync");
            } else {
                throw e;
            }
        }
    }

    private synchronized SideConnection connection() {
        if (stopped) {
            throw new IllegalStateException("The application is stopping");
        }
        if (connection == null) {
            connection = redis.openSideConnection();
        }
        return connection;
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                stopped = true;
            }
        }
    }

    @PreDestroy
    void stop() {
        Thread thread;
        synchronized (this) {
            stopped = true;
            thread = subscriber;
            if (subscription != null && subscription.isSubscribed()) {
                try {
                    subscription.punsubscribe();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "Seat change subscription not ended cleanly", e);
                }
            }
            if (connection != null) {
                connection.client().close();
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    static String channel(String keyPrefix, FlightId flight) {
        return keyPrefix + "seats:{" + flight.value() + "}";
    }

    static String message(SeatChange change) {
        StringBuilder text = new StringBuilder(change.kind().name());
        change.seats().forEach(seat -> text.append(' ').append(seat.value()));
        return text.toString();
    }

    /** The change a message on {@code channel} announces, if it is one of ours. */
    static Optional<SeatChange> parse(String keyPrefix, String channel, String message) {
        String head = keyPrefix + "seats:{";
        if (!channel.startsWith(head) || !channel.endsWith("}")) {
            return Optional.empty();
        }
        try {
            FlightId flight = new FlightId(channel.substring(head.length(), channel.length() - 1));
            String[] words = message.trim().split(" +");
            SeatChange.Kind kind = SeatChange.Kind.valueOf(words[0]);
            List<SeatCode> seats = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                seats.add(new SeatCode(words[i]));
            }
            return Optional.of(new SeatChange(flight, kind, seats));
        } catch (IllegalArgumentException | InvalidRequestException e) {
            return Optional.empty();
        }
    }

    /** The seat whose lease ran out, if the expired key is one of this application's leases. */
    static Optional<SeatChange> expired(String keyPrefix, String expiredKey) {
        String lockPrefix = keyPrefix + "lock:";
        if (!expiredKey.startsWith(lockPrefix)) {
            return Optional.empty();
        }
        return SeatId.fromLockKey(expiredKey.substring(lockPrefix.length()))
                .map(
                        seat ->
                                new SeatChange(
                                        seat.flight(),
                                        SeatChange.Kind.EXPIRED,
                                        List.of(seat.seat())));
    }

    /** One subscription: lives until its connection fails or the application stops. */
    private static final class Subscription extends JedisPubSub {

        private final SideConnection side;
        private final Consumer<SeatChange> onChange;
        private final Runnable onResync;
        private final String expiredChannel;

        Subscription(SideConnection side, Consumer<SeatChange> onChange, Runnable onResync) {
            this.side = side;
            this.onChange = onChange;
            this.onResync = onResync;
            this.expiredChannel = "__keyevent@" + side.database() + "__:expired";
        }

        @Override
        public void onPSubscribe(String pattern, int subscribedChannels) {
            if (subscribedChannels == 2) {
                // Connected (again): whatever changed while not subscribed must be read again.
                deliver(onResync);
            }
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            Optional<SeatChange> change =
                    expiredChannel.equals(channel)
                            ? expired(side.keyPrefix(), message)
                            : parse(side.keyPrefix(), channel, message);
            change.ifPresent(c -> deliver(() -> onChange.accept(c)));
        }

        private static void deliver(Runnable listener) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A seat change listener failed", e);
            }
        }
    }
}
