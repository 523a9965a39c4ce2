package dev.seatlock.lock.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * How the lock store's Redis is deployed, chosen by configuration: one server ({@code standalone},
 * the default), a primary with replicas watched by Sentinels ({@code sentinel}), or a Redis Cluster
 * ({@code cluster}). Builds the matching Jedis client; {@link RedisLockService} works on all three
 * because every lock script only touches keys of one flight, which share the hash tag {@code
 * {flight}} and hence one cluster slot.
 *
 * <p>Opt-in {@code redlock}: N independent primaries, see {@link RedlockService}.
 *
 * <p>Configuration: {@code seatlock.redis.topology}; for Sentinel {@code
 * seatlock.redis.sentinel.master} (default {@code seatlock}) and {@code
 * seatlock.redis.sentinel.nodes} ({@code host:port,...}); for Cluster {@code
 * seatlock.redis.cluster.nodes} (some of the nodes; the rest are discovered). Credentials,
 * database, TLS and timeouts come from {@link RedisSettings}; its host and port are not used by the
 * other two.
 *
 * <p>What each gives: Sentinel fails over to a replica when the primary dies, but replication is
 * asynchronous, so a lease written just before the failover can be lost (another buyer may then
 * take the seat while the first still pays); the fencing token, which comes from Redis' clock,
 * still grows, and the database's fencing check and unique constraint still refuse the late write.
 * Cluster spreads flights over several primaries, with the same caveat per shard.
 *
 * @param kind the deployment
 * @param masterName the Sentinel master name; unused otherwise
 * @param nodes Sentinel or Cluster seed nodes; empty for standalone
 * @param urls Redlock: the independent Redis servers' URLs ({@code seatlock.redis.redlock.nodes})
 */
public record RedisTopology(
        Kind kind, String masterName, List<HostAndPort> nodes, List<String> urls) {

    /**
     * A deployment of Redis; {@code REDLOCK}: N independent primaries, see {@link RedlockService}.
     */
    public enum Kind {
        STANDALONE,
        SENTINEL,
        CLUSTER,
        REDLOCK
    }

    public static final String DEFAULT_MASTER_NAME = "seatlock";

    public RedisTopology {
        Objects.requireNonNull(kind, "kind");
        masterName = masterName == null || masterName.isBlank() ? DEFAULT_MASTER_NAME : masterName;
        nodes = List.copyOf(nodes);
        urls = List.copyOf(urls);
        if (kind == Kind.REDLOCK && urls.size() < 3) {
            throw new IllegalArgumentException(
                    "seatlock.redis.topology=redlock needs at least 3 Redis URLs in"
                            + " seatlock.redis.redlock.nodes, got "
                            + urls.size());
        }
        if ((kind == Kind.SENTINEL || kind == Kind.CLUSTER) && nodes.isEmpty()) {
            throw new IllegalArgumentException(
                    "seatlock.redis.topology="
                            + kind.name().toLowerCase(Locale.ROOT)
                            + " needs at least one node in seatlock.redis."
                            + kind.name().toLowerCase(Locale.ROOT)
                            + ".nodes");
        }
    }

    public static RedisTopology standalone() {
        return new RedisTopology(Kind.STANDALONE, null, List.of(), List.of());
    }

    public static RedisTopology sentinel(String masterName, List<HostAndPort> sentinels) {
        return new RedisTopology(Kind.SENTINEL, masterName, sentinels, List.of());
    }

    public static RedisTopology cluster(List<HostAndPort> nodes) {
        return new RedisTopology(Kind.CLUSTER, null, nodes, List.of());
    }

    /**
     * Independent Redis primaries given as {@code redis://} URLs (each may have its own password).
     */
    public static RedisTopology redlock(List<String> urls) {
        return new RedisTopology(Kind.REDLOCK, null, List.of(), urls);
    }

    /** Reads {@code seatlock.redis.topology} and its nodes. */
    public static RedisTopology from(Config config) {
        String kind =
                config.getOptionalValue("seatlock.redis.topology", String.class)
                        .filter(v -> !v.isBlank())
                        .orElse("standalone")
                        .trim()
                        .toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "standalone" -> standalone();
            case "sentinel" ->
                    sentinel(
                            config.getOptionalValue("seatlock.redis.sentinel.master", String.class)
                                    .orElse(null),
                            parseNodes(
                                    config.getOptionalValue(
                                                    "seatlock.redis.sentinel.nodes", String.class)
                                            .orElse("")));
            case "cluster" ->
                    cluster(
                            parseNodes(
                                    config.getOptionalValue(
                                                    "seatlock.redis.cluster.nodes", String.class)
                                            .orElse("")));
            case "redlock" ->
                    redlock(
                            java.util.Arrays.stream(
                                            config.getOptionalValue(
                                                            "seatlock.redis.redlock.nodes",
                                                            String.class)
                                                    .orElse("")
                                                    .split(","))
                                    .map(String::trim)
                                    .filter(u -> !u.isEmpty())
                                    .toList());
            default ->
                    throw new IllegalArgumentException(
                            "seatlock.redis.topology must be standalone, sentinel, cluster or redlock: "
                                    + kind);
        };
    }

    /** {@code host:port,host:port}; IPv6 hosts in brackets. */
    public static List<HostAndPort> parseNodes(String nodes) {
        return Arrays.stream(nodes.split(","))
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .map(
                        node -> {
                            int colon = node.lastIndexOf(':');
                            if (colon <= 0 || colon == node.length() - 1) {
                                throw new IllegalArgumentException(
                                        "a Redis node is host:port, not " + node);
                            }
                            String host =
                                    node.substring(0, colon).replace("[", "").replace("]", "");
                            return new HostAndPort(
                                    host, Integer.parseInt(node.substring(colon + 1)));
                        })
                .toList();
    }

    /**
     * A pooled client for this deployment, with the timeouts, credentials and pool of {@code
     * settings}. Not for {@code REDLOCK}, which needs one client per server (see {@link
     * RedlockService}).
     */
    public UnifiedJedis createClient(RedisSettings settings) {
        return switch (kind) {
            case REDLOCK ->
                    throw new IllegalStateException("Redlock uses one client per Redis URL");
            case STANDALONE -> settings.createClient();
            case SENTINEL ->
                    RedisSentinelClient.builder()
                            .masterName(masterName)
                            .sentinels(new LinkedHashSet<>(nodes))
                            // Sentinels usually have no password of their own; they share the
                            // timeouts.
                            .sentinelClientConfig(
                                    DefaultJedisClientConfig.builder()
                                            .connectionTimeoutMillis(
                                                    millis(settings.connectTimeout()))
                                            .socketTimeoutMillis(millis(settings.socketTimeout()))
                                            .build())
                            .clientConfig(settings.clientConfig())
                            .poolConfig(settings.poolConfig())
                            .build();
            case CLUSTER ->
                    RedisClusterClient.builder()
                            .nodes(new LinkedHashSet<>(nodes))
                            .clientConfig(settings.clientConfig())
                            .poolConfig(settings.poolConfig())
                            // Follow a MOVED or a failover a few times, but never for longer than
                            // one call may take.
                            .maxAttempts(3)
                            .maxTotalRetriesDuration(settings.worstCaseCallTime())
                            .build();
        };
    }

    /** For logs and error messages: where the lock store is, without credentials. */
    public String describe(RedisSettings settings) {
        return switch (kind) {
            case STANDALONE -> settings.describe();
            case SENTINEL ->
                    "Redis Sentinel master '"
                            + masterName
                            + "' via "
                            + nodes
                            + " (socket timeout "
                            + settings.socketTimeout().toMillis()
                            + " ms, connect timeout "
                            + settings.connectTimeout().toMillis()
                            + " ms)";
            case REDLOCK -> "Redlock over " + urls.size() + " independent Redis servers";
            case CLUSTER ->
                    "Redis Cluster via "
                            + nodes
                            + " (socket timeout "
                            + settings.socketTimeout().toMillis()
                            + " ms, connect timeout "
                            + settings.connectTimeout().toMillis()
                            + " ms)";
        };
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
