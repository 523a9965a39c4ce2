package dev.seatlock.lock.redis;

import dev.seatlock.lock.EvictionReport;
import dev.seatlock.lock.LockStoreEviction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link LockStoreEviction} by {@code CONFIG GET maxmemory-policy} on every Redis behind the lock:
 * the one server (standalone), the current primary (Sentinel: the client's connections follow it),
 * every node the cluster client knows (Cluster: primaries and replicas, since a replica becomes a
 * primary on failover), or each of Redlock's servers.
 *
 * <p>Managed Redis services often refuse {@code CONFIG} (renamed, or not allowed to the user): such
 * a server, or one that does not answer, is reported as unchecked, never as an error.
 */
public final class RedisEvictionCheck implements LockStoreEviction {

    static final String POLICY = "maxmemory-policy";

    /** One client to ask and the name its answer goes under. */
    record Target(String name, UnifiedJedis client) {
        Target {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(client, "client");
        }
    }

    private final List<Target> targets;

    RedisEvictionCheck(List<Target> targets) {
        this.targets = List.copyOf(targets);
        if (this.targets.isEmpty()) {
            throw new IllegalArgumentException("nothing to check");
        }
    }

    /**
     * For one client (standalone, Sentinel or Cluster), named {@code name} unless it is a cluster
     * client.
     */
    public static RedisEvictionCheck of(String name, UnifiedJedis client) {
        return new RedisEvictionCheck(List.of(new Target(name, client)));
    }

    @Override
    public EvictionReport check() {
        List<EvictionReport.Server> servers = new ArrayList<>();
        for (Target target : targets) {
            if (target.client() instanceof RedisClusterClient cluster) {
                Map<String, ConnectionPool> nodes = cluster.getClusterNodes();
                if (nodes.isEmpty()) {
                    servers.add(
                            EvictionReport.Server.unchecked(
                                    target.name(), "the cluster client knows no node"));
                }
                nodes.forEach((node, pool) -> servers.add(read(node, () -> configGet(pool))));
            } else {
                servers.add(read(target.name(), () -> target.client().configGet(POLICY)));
            }
        }
        return new EvictionReport(servers);
    }

    private static final CommandObjects COMMANDS = new CommandObjects(RedisProtocol.RESP2);

    /**
     * CONFIG GET on one pooled connection of a cluster node (RESP2, as every SeatLock connection
     * speaks).
     */
    private static Map<String, String> configGet(ConnectionPool pool) {
        try (Connection connection = pool.getResource()) {
            return connection.executeCommand(COMMANDS.configGet(POLICY));
        }
    }

    private static EvictionReport.Server read(
            String name, Supplier<Map<String, String>> configGet) {
        try {
            String policy = configGet.get().get(POLICY);
            if (policy == null || policy.isBlank()) {
                return EvictionReport.Server.unchecked(
                        name, "CONFIG GET " + POLICY + " answered nothing");
            }
            return EvictionReport.Server.read(name, policy);
        } catch (JedisDataException e) {
            return EvictionReport.Server.unchecked(name, "CONFIG GET refused: " + e.getMessage());
        } catch (JedisException e) {
            return EvictionReport.Server.unchecked(name, "no answer: " + e.getMessage());
        }
    }
}
