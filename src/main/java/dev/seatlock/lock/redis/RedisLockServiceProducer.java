package dev.seatlock.lock.redis;

import dev.seatlock.lock.EvictionReport;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreEviction;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one place that connects SeatLock to Redis: reads the configuration ({@link
 * RedisConfiguration}), starts a local Redis when none is configured ({@link LocalRedis}), builds
 * the pooled Jedis client for the configured deployment ({@link RedisTopology}: standalone,
 * Sentinel or Cluster) and the {@link RedisLockService} over it, or one client per server and a
 * {@link RedlockService} over them, and closes them when the application stops. Also produces the
 * {@link LockStoreEviction} check of the same servers, and logs its result once at start.
 *
 * <p>It starts at application start, so that the first request does not pay for starting Redis and
 * a misconfiguration shows in the log at once.
 *
 * <p>The lock services it builds trace with the server's {@link OpenTelemetry} (MicroProfile
 * Telemetry; a no-op one while the SDK is off, as by default), under the instrumentation scope
 * {@value #INSTRUMENTATION_SCOPE}: a span per acquisition and per Redis script call (README
 * "Traces").
 */
@ApplicationScoped
public class RedisLockServiceProducer {

    /** The instrumentation scope of the lock's spans. */
    public static final String INSTRUMENTATION_SCOPE = "dev.seatlock.lock";

    private static final Logger LOG = Logger.getLogger(RedisLockServiceProducer.class.getName());

    private final Config config;
    private final Tracer tracer;

    // Guarded by this.
    private LockStore store;
    private boolean closed;

    /**
     * The connections (one, or one per Redlock server), the lock service over them and, when this
     * server started it, the local Redis behind it.
     */
    private record LockStore(
            RedisSettings settings,
            List<UnifiedJedis> clients,
            LockService service,
            LockStoreEviction eviction,
            LocalRedis localRedis,
            ReleaseNotices notices) {}

    @Inject
    public RedisLockServiceProducer(Config config, OpenTelemetry openTelemetry) {
        this.config = config;
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
    }

    /** For CDI's client proxy only. */
    protected RedisLockServiceProducer() {
        this.config = null;
        this.tracer = null;
    }

    void connectAtStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LockStore connected = store();
        try {
            connected.clients().forEach(UnifiedJedis::ping);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "The lock store {0} does not answer yet: {1}; seat locking fails with 503"
                            + " until it does",
                    new Object[] {connected.settings().address(), e.getMessage()});
        }
        try {
            logEvictionPolicy(connected.eviction().check());
        } catch (RuntimeException e) {
            // Never a reason not to start: say so and go on.
            LOG.log(
                    Level.WARNING,
                    "Could not check the lock store''s maxmemory-policy: {0}",
                    e.getMessage());
        }
    }

    /**
     * Once at start: whether Redis may evict leases; the readiness check shows the same, every
     * time.
     */
    static void logEvictionPolicy(EvictionReport report) {
        report.warning()
                .ifPresent(
                        warning ->
                                LOG.log(
                                        Level.WARNING,
                                        "The lock store may evict leases: {0}",
                                        warning));
        report.unchecked()
                .ifPresent(
                        reasons ->
                                LOG.log(
                                        Level.WARNING,
                                        "Could not check the lock store''s"
                                                + " maxmemory-policy ({0}); make sure it is noeviction, or SeatLock''s leases may be evicted",
                                        reasons));
        if (!report.evicts() && !report.incomplete()) {
            LOG.log(
                    Level.INFO,
                    "The lock store''s maxmemory-policy is {0}: Redis refuses writes when full rather"
                            + " than evict leases",
                    report.policies());
        }
    }

    @Produces
    @ApplicationScoped
    LockService lockService() {
        return store().service();
    }

    @Produces
    @ApplicationScoped
    LockStoreEviction lockStoreEviction() {
        return store().eviction();
    }

    /**
     * The Redis connection the abuse limits use (README "Abuse limits"): the lock's own client, and
     * under Redlock the first server's: counters need one authority, and a limit is not a safety
     * property of the lock.
     *
     * @param client a pooled client, closed by this producer
     * @param keyPrefix prefix of every key
     * @param description address and timeouts, no password
     */
    public record LimitsConnection(UnifiedJedis client, String keyPrefix, String description) {}

    /** The connection for the abuse limits; see {@link LimitsConnection}. */
    public LimitsConnection limitsConnection() {
        LockStore connected = store();
        return new LimitsConnection(
                connected.clients().get(0),
                connected.settings().keyPrefix(),
                connected.settings().describe());
    }

    /** Where the locks are kept, e.g. {@code redis://127.0.0.1:6379/0}; no password. */
    public String address() {
        return store().settings().address();
    }

    /**
     * A Redis client of its own, to the Redis the locks are in (under Redlock the first of them),
     * for what the application keeps beside the locks: the seat change events. The caller closes
     * it.
     */
    public SideConnection openSideConnection() {
        LockStore current = store();
        RedisTopology topology = RedisTopology.from(config);
        RedisSettings settings = current.settings();
        if (topology.kind() == RedisTopology.Kind.REDLOCK) {
            RedisSettings first =
                    RedisSettings.fromUrl(topology.urls().get(0))
                            .withTimeouts(settings.connectTimeout(), settings.socketTimeout())
                            .withKeyPrefix(settings.keyPrefix());
            return new SideConnection(first.createClient(), first.database(), first.keyPrefix());
        }
        return new SideConnection(
                topology.createClient(settings), settings.database(), settings.keyPrefix());
    }

    /**
     * A client beside the lock's own, with the database and key prefix its keys and channels use.
     */
    public record SideConnection(UnifiedJedis client, int database, String keyPrefix) {}

    private synchronized LockStore store() {
        if (closed) {
            throw new IllegalStateException(
                    "The lock store was closed: the application is stopping");
        }
        if (store == null) {
            store = connect();
        }
        return store;
    }

    private LockStore connect() {
        RedisConfiguration.Resolved resolved = RedisConfiguration.resolve(config);
        RedisTopology topology = RedisTopology.from(config);
        Duration fenceTtl = RedisConfiguration.fenceTtl(config);
        LocalRedis localRedis = null;
        RedisSettings settings = resolved.settings();
        if (topology.kind() != RedisTopology.Kind.STANDALONE) {
            LOG.log(Level.INFO, "Locks are kept in {0}", topology.describe(settings));
        } else if (resolved.embedded()) {
            localRedis = LocalRedis.start();
            settings = resolved.at(localRedis.host(), localRedis.port());
            LOG.log(
                    Level.INFO,
                    "No REDIS_URL configured: started embedded Redis on {0}:{1} ({2}); set REDIS_URL"
                            + " or seatlock.redis.url to use a shared Redis",
                    new Object[] {
                        localRedis.host(), String.valueOf(localRedis.port()), localRedis.source()
                    });
        } else {
            LOG.log(
                    Level.INFO,
                    "Locks are kept in Redis at {0} (from {1})",
                    new Object[] {settings.describe(), resolved.origin()});
        }
        try {
            if (topology.kind() == RedisTopology.Kind.REDLOCK) {
                return redlock(settings, topology, fenceTtl);
            }
            UnifiedJedis client = topology.createClient(settings);
            String name =
                    topology.kind() == RedisTopology.Kind.SENTINEL
                            ? "Sentinel master " + topology.masterName()
                            : settings.host() + ":" + settings.port();
            ReleaseNotices notices = releaseNotices(topology, settings, client);
            return new LockStore(
                    settings,
                    List.of(client),
                    new RedisLockService(
                            client,
                            settings.keyPrefix(),
                            topology.describe(settings),
                            fenceTtl,
                            notices,
                            RedisLockService.DEFAULT_RETRY_INTERVAL,
                            tracer),
                    RedisEvictionCheck.of(name, client),
                    localRedis,
                    notices);
        } catch (RuntimeException e) {
            if (localRedis != null) {
                localRedis.close();
            }
            throw e;
        }
    }

    /**
     * How releases reach the waiters of other servers: plain pub/sub on the one Redis or on
     * Sentinel's current primary, sharded pub/sub in the slot's shard of a Cluster.
     */
    private static ReleaseNotices releaseNotices(
            RedisTopology topology, RedisSettings settings, UnifiedJedis client) {
        return switch (topology.kind()) {
            case STANDALONE -> {
                HostAndPort at = new HostAndPort(settings.host(), settings.port());
                yield ReleaseNotices.plain(settings.keyPrefix(), () -> at, settings.clientConfig());
            }
            case SENTINEL ->
                    ReleaseNotices.plain(
                            settings.keyPrefix(),
                            ((RedisSentinelClient) client)::getCurrentMaster,
                            settings.clientConfig());
            case CLUSTER ->
                    ReleaseNotices.sharded(
                            settings.keyPrefix(),
                            slot -> {
                                try (Connection c =
                                        ((RedisClusterClient) client).getConnectionFromSlot(slot)) {
                                    return c.getHostAndPort();
                                }
                            },
                            settings.clientConfig());
            case REDLOCK -> ReleaseNotices.none();
        };
    }

    /**
     * One pooled client and lock service per independent Redis, with the same timeouts and key
     * prefix.
     */
    private LockStore redlock(RedisSettings settings, RedisTopology topology, Duration fenceTtl) {
        List<UnifiedJedis> clients = new ArrayList<>();
        List<RedisLockService> nodes = new ArrayList<>();
        List<RedisEvictionCheck.Target> targets = new ArrayList<>();
        try {
            for (String url : topology.urls()) {
                RedisSettings node =
                        RedisSettings.fromUrl(url)
                                .withTimeouts(settings.connectTimeout(), settings.socketTimeout())
                                .withPool(settings.poolMaxTotal(), settings.poolMaxWait())
                                .withKeyPrefix(settings.keyPrefix());
                UnifiedJedis client = node.createClient();
                clients.add(client);
                nodes.add(
                        new RedisLockService(
                                client, node.keyPrefix(), node.describe(), fenceTtl, tracer));
                targets.add(new RedisEvictionCheck.Target(node.host() + ":" + node.port(), client));
            }
            return new LockStore(
                    settings,
                    List.copyOf(clients),
                    new RedlockService(nodes),
                    new RedisEvictionCheck(targets),
                    null,
                    ReleaseNotices.none());
        } catch (RuntimeException e) {
            clients.forEach(UnifiedJedis::close);
            throw e;
        }
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (store == null) {
            return;
        }
        store.notices().close();
        for (UnifiedJedis client : store.clients()) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not close the Redis client", e);
            }
        }
        if (store.localRedis() != null) {
            store.localRedis().close();
            LOG.log(
                    Level.INFO,
                    "Stopped the embedded Redis on port {0}",
                    String.valueOf(store.localRedis().port()));
        }
        store = null;
    }
}
