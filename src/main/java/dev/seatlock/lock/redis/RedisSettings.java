package dev.seatlock.lock.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where the lock store is and how long SeatLock may wait for it: the {@code seatlock.redis.*} and
 * {@code seatlock.lock.key-prefix} configuration as one value, and the one place that builds a
 * Jedis client.
 *
 * <p>Exists so that the timeouts that bound every lock call (connect, socket, pool wait) are set in
 * one place and named in every {@link dev.seatlock.lock.LockStoreUnavailableException}. {@link
 * #toString()} never prints the password.
 *
 * @param url the URL the settings came from ({@code redis://} or {@code rediss://}), or empty
 * @param host Redis host
 * @param port Redis port
 * @param user ACL user name, or empty for the default user
 * @param password password, or empty for none
 * @param database logical database number
 * @param tls whether to connect with TLS ({@code rediss://})
 * @param connectTimeout longest wait for a TCP connection
 * @param socketTimeout longest wait for the answer to one command
 * @param poolMaxTotal most connections open at once
 * @param poolMaxWait longest wait for a free pooled connection
 * @param keyPrefix prefix of every Redis key SeatLock writes, e.g. {@code seatlock:}
 */
public record RedisSettings(
        String url,
        String host,
        int port,
        String user,
        String password,
        int database,
        boolean tls,
        Duration connectTimeout,
        Duration socketTimeout,
        int poolMaxTotal,
        Duration poolMaxWait,
        String keyPrefix) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_POOL_MAX_TOTAL = 32;
    public static final Duration DEFAULT_POOL_MAX_WAIT = Duration.ofSeconds(1);
    public static final String DEFAULT_KEY_PREFIX = "seatlock:";

    public RedisSettings {
        url = url == null ? "" : url;
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        keyPrefix = keyPrefix == null ? "" : keyPrefix;
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Redis host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis port out of range: " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("Redis database must not be negative: " + database);
        }
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(socketTimeout, "socket timeout");
        requirePositive(poolMaxWait, "pool max wait");
        if (poolMaxTotal < 1) {
            throw new IllegalArgumentException(
                    "Redis pool max total must be at least 1: " + poolMaxTotal);
        }
    }

    /** {@code localhost:6379}, database 0, no password, default timeouts and pool. */
    public static RedisSettings defaults() {
        return of("localhost", 6379);
    }

    /** {@code host:port}, database 0, no password, default timeouts and pool. */
    public static RedisSettings of(String host, int port) {
        return new RedisSettings(
                "",
                host,
                port,
                "",
                "",
                0,
                false,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_SOCKET_TIMEOUT,
                DEFAULT_POOL_MAX_TOTAL,
                DEFAULT_POOL_MAX_WAIT,
                DEFAULT_KEY_PREFIX);
    }

    /**
     * Parses {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for
     * TLS, with default timeouts and pool; change those with the {@code with...} methods. User and
     * password may be percent-encoded. A missing port is 6379.
     *
     * @throws IllegalArgumentException when the URL is not such a URL
     */
    public static RedisSettings fromUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a Redis URL: " + redact(url), e);
        }
        String scheme = uri.getScheme();
        boolean tls;
        if ("redis".equalsIgnoreCase(scheme)) {
            tls = false;
        } else if ("rediss".equalsIgnoreCase(scheme)) {
            tls = true;
        } else {
            throw new IllegalArgumentException(
                    "A Redis URL starts with redis:// or rediss://: " + redact(url));
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("No host in Redis URL " + redact(url));
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        String user = "";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                // redis://secret@host: a lone user-info part is the password, as redis-cli reads
                // it.
                password = decode(userInfo);
            } else {
                user = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "Database in Redis URL is not a number: " + redact(url), e);
            }
        }
        return new RedisSettings(
                url.trim(),
                host,
                port,
                user,
                password,
                database,
                tls,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_SOCKET_TIMEOUT,
                DEFAULT_POOL_MAX_TOTAL,
                DEFAULT_POOL_MAX_WAIT,
                DEFAULT_KEY_PREFIX);
    }

    public RedisSettings withTimeouts(Duration newConnectTimeout, Duration newSocketTimeout) {
        return new RedisSettings(
                url,
                host,
                port,
                user,
                password,
                database,
                tls,
                newConnectTimeout,
                newSocketTimeout,
                poolMaxTotal,
                poolMaxWait,
                keyPrefix);
    }

    public RedisSettings withPool(int newPoolMaxTotal, Duration newPoolMaxWait) {
        return new RedisSettings(
                url,
                host,
                port,
                user,
                password,
                database,
                tls,
                connectTimeout,
                socketTimeout,
                newPoolMaxTotal,
                newPoolMaxWait,
                keyPrefix);
    }

    public RedisSettings withKeyPrefix(String newKeyPrefix) {
        return new RedisSettings(
                url,
                host,
                port,
                user,
                password,
                database,
                tls,
                connectTimeout,
                socketTimeout,
                poolMaxTotal,
                poolMaxWait,
                newKeyPrefix);
    }

    /** {@code redis://host:port/db} (or {@code rediss://}), without user or password. */
    public String address() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    /**
     * The longest one lock call may wait for an unresponsive Redis before it fails: a free pooled
     * connection ({@code poolMaxWait}), a new connection and its handshake ({@code connect +
     * socket}), the command ({@code socket}), and the replacement connection that commons-pool 2.13
     * opens synchronously in the caller's thread when a broken connection is discarded ({@code
     * connect + socket}). Typical figures are far lower: a refused connection fails in
     * milliseconds; a frozen Redis behind a pooled connection in about {@code 2 x socket}.
     */
    public Duration worstCaseCallTime() {
        return poolMaxWait.plus(connectTimeout.multipliedBy(2)).plus(socketTimeout.multipliedBy(3));
    }

    /** The address and every timeout, for error messages and logs. */
    public String describe() {
        return address()
                + " (socket timeout "
                + socketTimeout.toMillis()
                + " ms, connect timeout "
                + connectTimeout.toMillis()
                + " ms, pool of "
                + poolMaxTotal
                + " with max wait "
                + poolMaxWait.toMillis()
                + " ms)";
    }

    /**
     * Builds a pooled client. The pool blocks at most {@link #poolMaxWait} when all connections are
     * in use, then fails; every command fails after {@link #socketTimeout}. The caller closes the
     * client. Typed as {@link UnifiedJedis} so that a Sentinel or Cluster client can replace it.
     */
    public UnifiedJedis createClient() {
        return RedisClient.builder()
                .hostAndPort(host, port)
                .clientConfig(clientConfig())
                .poolConfig(poolConfig())
                .build();
    }

    /**
     * Connection settings of every connection to a Redis node: timeouts, database, TLS,
     * credentials. Shared by the standalone, Sentinel and Cluster clients ({@link RedisTopology}).
     */
    DefaultJedisClientConfig clientConfig() {
        DefaultJedisClientConfig.Builder config =
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(millis(connectTimeout))
                        .socketTimeoutMillis(millis(socketTimeout))
                        .database(database)
                        .ssl(tls)
                        .clientName("seatlock")
                        // CLIENT SETINFO is Redis 7.2+; skip it rather than send a command that 7.0
                        // refuses.
                        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (!password.isEmpty()) {
            config.password(password);
            if (!user.isEmpty()) {
                config.user(user);
            }
        }
        return config.build();
    }

    /** The connection pool of one Redis node (per node on a cluster). */
    ConnectionPoolConfig poolConfig() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolMaxTotal);
        pool.setMaxIdle(poolMaxTotal);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(poolMaxWait);
        // Idle connections are checked every second, so that after a Redis restart the dead ones
        // are gone within a second instead of failing the next requests one by one.
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(1));
        pool.setJmxEnabled(false);
        return pool;
    }

    @Override
    public String toString() {
        return "RedisSettings["
                + describe()
                + (password.isEmpty() ? "" : ", password ***")
                + ", keyPrefix="
                + keyPrefix
                + "]";
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("Redis " + what + " must be positive: " + d);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
