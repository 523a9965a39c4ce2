package dev.seatlock.lock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Tells the waiters of every server that a lease was released, so that a waiter on another server
 * than the releaser's wakes at once instead of at its timed retry.
 *
 * <p>The release script itself publishes (one round trip for release and notice): to {@code
 * <prefix>released:{<hash tag>}}, the hash tag being the lock key's (the flight's), so on a Redis
 * Cluster the channel lives in the flight's slot and the script may publish to it with {@code
 * SPUBLISH} (sharded pub/sub: the message stays on the shard instead of crossing the whole cluster
 * bus). On one server and under Sentinel it is plain {@code PUBLISH}, which replicas receive too.
 * The message is this server's id and the released lock keys, one a line; a server ignores its own
 * messages, since its release already woke its waiters ({@link LocalWaiters}).
 *
 * <p>Each server listens on connections of its own, never the lock's pool, each read by a daemon
 * thread of its own (a plain thread, as for the lease watchdog: it only reads a socket and unparks
 * threads, needing no container context, and the producer stops it when the application stops): one
 * {@code PSUBSCRIBE <prefix>released:*} on one server or Sentinel's primary; on a Cluster one
 * {@code SSUBSCRIBE} per channel that a waiter of this server waits on (sharded pub/sub has no
 * patterns), made when the first waiter comes and dropped a minute after the last left, at most
 * {@link #MAX_SHARDED_CHANNELS} at once.
 *
 * <p>Pub/sub delivers at most once. A subscription that drops (Redis restarted, failed over, the
 * connection broke, a Cluster slot moved) is made again, retrying with a growing delay up to 2 s;
 * meanwhile {@link #listening} answers false and waiters go back to their short timed retries. When
 * it is up again, every first waiter of this server tries once more, in case it missed a release. A
 * plain subscription is asked for an answer every {@link #PING_EVERY} (a {@code SUBSCRIBE} to
 * {@code <prefix>released-heartbeat}, where nobody publishes); one that leaves three unanswered is
 * dropped and made again.
 */
public final class ReleaseNotices implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReleaseNotices.class.getName());

    /** Sharded subscriptions kept at once; waiters of further channels use timed retries. */
    static final int MAX_SHARDED_CHANNELS = 256;

    static final Duration PING_EVERY = Duration.ofSeconds(5);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long MAX_RECONNECT_DELAY_MILLIS = 2000;

    /** What the lock service is told. */
    interface Listener {
        /** Lock keys (Redis keys, with the prefix) released by another server. */
        void released(List<String> redisLockKeys);

        /** A subscription is (again) up: notices may have been missed before. */
        void listening();
    }

    private enum Kind {
        NONE,
        PLAIN,
        SHARDED
    }

    private final Kind kind;
    private final String keyPrefix;
    private final boolean publishing;
    private final Supplier<HostAndPort> primary;
    private final IntFunction<HostAndPort> slotOwner;
    private final JedisClientConfig clientConfig;
    private final String serverId = RedisLockService.newOwnerToken().substring(0, 12);
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile long heartbeatNanos = PING_EVERY.toNanos();
    private volatile Listener listener;
    private volatile ScheduledExecutorService housekeeping;
    private volatile boolean closed;

    private ReleaseNotices(
            Kind kind,
            String keyPrefix,
            boolean publishing,
            Supplier<HostAndPort> primary,
            IntFunction<HostAndPort> slotOwner,
            JedisClientConfig clientConfig) {
        this.kind = kind;
        this.keyPrefix = keyPrefix;
        this.publishing = publishing;
        this.primary = primary;
        this.slotOwner = slotOwner;
        this.clientConfig = clientConfig;
    }

    /** No notices: waiters learn of releases elsewhere by their timed retries only (Redlock). */
    public static ReleaseNotices none() {
        return new ReleaseNotices(Kind.NONE, "", false, null, null, null);
    }

    /**
     * Plain pub/sub on one Redis, or on Sentinel's current primary.
     *
     * @param primary where to subscribe, asked again at every reconnection
     * @param clientConfig credentials, TLS and connect timeout of the lock's own connections
     */
    public static ReleaseNotices plain(
            String keyPrefix, Supplier<HostAndPort> primary, JedisClientConfig clientConfig) {
        return new ReleaseNotices(
                Kind.PLAIN,
                Objects.requireNonNull(keyPrefix, "keyPrefix"),
                true,
                Objects.requireNonNull(primary, "primary"),
                null,
                Objects.requireNonNull(clientConfig, "clientConfig"));
    }

    /**
     * Sharded pub/sub on a Redis Cluster.
     *
     * @param slotOwner the primary that serves a slot now, asked again at every reconnection
     */
    public static ReleaseNotices sharded(
            String keyPrefix, IntFunction<HostAndPort> slotOwner, JedisClientConfig clientConfig) {
        return new ReleaseNotices(
                Kind.SHARDED,
                Objects.requireNonNull(keyPrefix, "keyPrefix"),
                true,
                null,
                Objects.requireNonNull(slotOwner, "slotOwner"),
                Objects.requireNonNull(clientConfig, "clientConfig"));
    }

    /**
     * The same subscriptions, but releases publish nothing: for tests that show what waiters do
     * without notices.
     */
    ReleaseNotices withoutPublishing() {
        return new ReleaseNotices(kind, keyPrefix, false, primary, slotOwner, clientConfig);
    }

    /** The command the release script publishes with, or empty when it publishes nothing. */
    String publishCommand() {
        if (!publishing) {
            return "";
        }
        return kind == Kind.SHARDED ? "SPUBLISH" : "PUBLISH";
    }

    String serverId() {
        return serverId;
    }

    /**
     * The channel of a lock key: {@code <prefix>released:{tag}} with the key's hash tag, or the
     * whole key as tag when it has none, so that the channel hashes to the key's slot.
     */
    String channelOf(String redisLockKey) {
        return keyPrefix + "released:{" + hashTag(redisLockKey) + "}";
    }

    /** The distinct channels of some lock keys. */
    List<String> channelsOf(Collection<String> redisLockKeys) {
        if (kind == Kind.NONE) {
            return List.of();
        }
        Set<String> channels = new LinkedHashSet<>();
        for (String key : redisLockKeys) {
            channels.add(channelOf(key));
        }
        return List.copyOf(channels);
    }

    /** Redis Cluster's rule: the part between the first '{' and the next '}', if not empty. */
    static String hashTag(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                return key.substring(open + 1, close);
            }
        }
        return key;
    }

    /** Starts listening (a plain subscription at once, sharded ones on demand). Once. */
    synchronized void start(Listener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("release notices are already started");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        if (kind == Kind.NONE || closed) {
            return;
        }
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(
                        1,
                        r -> {
                            Thread t = new Thread(r, "seatlock-release-notices-housekeeping");
                            t.setDaemon(true);
                            return t;
                        });
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        housekeeping = scheduler;
        long every = Math.max(1, TimeUnit.NANOSECONDS.toMillis(heartbeatNanos));
        scheduler.scheduleWithFixedDelay(this::housekeep, every, every, TimeUnit.MILLISECONDS);
        if (kind == Kind.PLAIN) {
            String pattern = keyPrefix + "released:*";
            Subscription only = new Subscription(pattern, true);
            subscriptions.put(pattern, only);
            only.start();
        }
    }

    /**
     * Whether a notice would reach this server now for each of {@code channels}: only then may its
     * waiters wait for a notice rather than poll.
     */
    boolean listening(List<String> channels) {
        switch (kind) {
            case NONE:
                return false;
            case PLAIN:
                {
                    Subscription only = subscriptions.get(keyPrefix + "released:*");
                    return only != null && only.up;
                }
            default:
                for (String channel : channels) {
                    Subscription s = subscriptions.get(channel);
                    if (s == null || !s.up) {
                        return false;
                    }
                }
                return !channels.isEmpty();
        }
    }

    /** A waiter of this server waits on {@code channels}: subscribe to them (sharded only). */
    void watch(List<String> channels) {
        if (kind != Kind.SHARDED || closed) {
            return;
        }
        for (String channel : channels) {
            subscriptions.compute(
                    channel,
                    (c, existing) -> {
                        if (existing != null) {
                            existing.watchers++;
                            return existing;
                        }
                        if (subscriptions.size() >= MAX_SHARDED_CHANNELS) {
                            return null;
                        }
                        Subscription created = new Subscription(c, false);
                        created.watchers = 1;
                        created.start();
                        return created;
                    });
        }
    }

    /** The waiter stopped waiting; an unwatched subscription is dropped after a minute. */
    void unwatch(List<String> channels) {
        if (kind != Kind.SHARDED) {
            return;
        }
        for (String channel : channels) {
            subscriptions.computeIfPresent(
                    channel,
                    (c, s) -> {
                        if (s.watchers > 0 && --s.watchers == 0) {
                            s.idleSince = System.nanoTime();
                        }
                        return s;
                    });
        }
    }

    /** Sets the heartbeat of plain subscriptions, before {@link #start}; for tests. */
    ReleaseNotices heartbeatEvery(Duration every) {
        this.heartbeatNanos = every.toNanos();
        return this;
    }

    /** Connections made for subscriptions so far (one each, then one per reconnection). */
    int connectionsMade() {
        return connections.get();
    }

    /** Subscriptions (threads) running now; for tests. */
    int subscriptionCount() {
        return subscriptions.size();
    }

    private void housekeep() {
        try {
            long now = System.nanoTime();
            for (Subscription s : subscriptions.values()) {
                if (s.plain) {
                    s.ping(now);
                }
            }
            if (kind == Kind.SHARDED) {
                for (String channel : List.copyOf(subscriptions.keySet())) {
                    subscriptions.computeIfPresent(
                            channel,
                            (c, s) -> {
                                if (s.watchers == 0 && now - s.idleSince > IDLE_NANOS) {
                                    s.stop();
                                    return null;
                                }
                                return s;
                            });
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Release notices housekeeping failed", e);
        }
    }

    private void deliver(String channel, String message) {
        String[] lines = message.split("\n");
        if (lines.length < 2 || lines[0].equals(serverId)) {
            return; // our own release: LocalWaiters was told already
        }
        Listener l = listener;
        if (l != null) {
            l.released(Arrays.asList(lines).subList(1, lines.length));
        }
    }

    private void subscribed() {
        Listener l = listener;
        if (l != null) {
            l.listening();
        }
    }

    /** Stops every subscription and its thread. */
    @Override
    public void close() {
        closed = true;
        ScheduledExecutorService scheduler = housekeeping;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        for (Subscription s : new ArrayList<>(subscriptions.values())) {
            s.stop();
        }
        subscriptions.clear();
    }

    /** One subscription: its own connection, read by its own daemon thread, made again if lost. */
    private final class Subscription implements Runnable {

        private final String channel;
        private final boolean plain;
        private final Thread thread;
        private final JedisPubSub plainPubSub;
        private final JedisShardedPubSub shardedPubSub;
        private volatile boolean up;
        private volatile boolean stopped;
        private volatile Connection connection;
        private volatile long lastPong = System.nanoTime();
        // Guarded by the map's compute.
        private int watchers;
        private long idleSince = System.nanoTime();

        Subscription(String channel, boolean plain) {
            this.channel = channel;
            this.plain = plain;
            this.thread = new Thread(this, "seatlock-release-notices-" + threads.incrementAndGet());
            this.thread.setDaemon(true);
            if (plain) {
                plainPubSub =
                        new JedisPubSub() {
                            @Override
                            public void onPMessage(String pattern, String ch, String message) {
                                deliver(ch, message);
                            }

                            @Override
                            public void onPSubscribe(String pattern, int count) {
                                lastPong = System.nanoTime();
                                up = true;
                                subscribed();
                            }

                            @Override
                            public void onSubscribe(String heartbeat, int count) {
                                lastPong = System.nanoTime();
                            }
                        };
                shardedPubSub = null;
            } else {
                plainPubSub = null;
                shardedPubSub =
                        new JedisShardedPubSub() {
                            @Override
                            public void onSMessage(String ch, String message) {
                                deliver(ch, message);
                            }

                            @Override
                            public void onSSubscribe(String ch, int count) {
                                up = true;
                                subscribed();
                            }

                            @Override
                            public void onSUnsubscribe(String ch, int count) {
                                // Also what Redis sends when the slot moved to another shard.
                                up = false;
                            }
                        };
            }
        }

        Subscription start() {
            thread.start();
            return this;
        }

        @Override
        public void run() {
            long delay = 50;
            while (!stopped && !closed) {
                Connection c = null;
                try {
                    HostAndPort at =
                            plain
                                    ? primary.get()
                                    : slotOwner.apply(JedisClusterCRC16.getSlot(channel));
                    c = new Connection(at, clientConfig);
                    connections.incrementAndGet();
                    connection = c;
                    if (stopped || closed) {
                        break;
                    }
                    if (plain) {
                        plainPubSub.proceedWithPatterns(c, channel);
                    } else {
                        shardedPubSub.proceed(c, channel);
                    }
                    delay = 50; // ended by an unsubscribe: make it again at once
                } catch (RuntimeException e) {
                    if (!stopped && !closed) {
                        LOG.log(
                                up ? Level.WARNING : Level.FINE,
                                "Release notices on {0} dropped ({1}); waiters poll until it is"
                                        + " made again",
                                new Object[] {channel, e.getMessage()});
                    }
                } finally {
                    up = false;
                    connection = null;
                    if (c != null) {
                        c.close();
                    }
                }
                if (!stopped && !closed) {
                    sleep(delay);
                    delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MILLIS);
                }
            }
        }

        void ping(long now) {
            Connection c = connection;
            if (!up || c == null) {
                return;
            }
            if (now - lastPong > 3 * heartbeatNanos) {
                LOG.log(
                        Level.WARNING,
                        "Release notices on {0} did not answer three pings; reconnecting",
                        channel);
                c.disconnect();
                return;
            }
            try {
                // Not PING: under RESP3 its reply is not a pub/sub message, which Jedis' reader
                // refuses. A SUBSCRIBE to the heartbeat channel is answered by one in both.
                plainPubSub.subscribe(keyPrefix + "released-heartbeat");
            } catch (RuntimeException e) {
                c.disconnect();
            }
        }

        void stop() {
            stopped = true;
            up = false;
            Connection c = connection;
            if (c != null) {
                c.disconnect();
            }
            thread.interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
