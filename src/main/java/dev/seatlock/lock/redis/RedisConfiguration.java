package dev.seatlock.lock.redis;

import dev.seatlock.profile.RuntimeProfile;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Turns the {@code seatlock.redis.*} configuration into {@link RedisSettings}, and decides whether
 * this server must start its own Redis.
 *
 * <p>The Redis URL is {@code seatlock.redis.url} (environment {@code SEATLOCK_REDIS_URL}), else
 * {@code REDIS_URL}. With a URL, that Redis and nothing else is used. Without one, and with {@code
 * seatlock.redis.embedded=auto}, a local Redis is started, unless {@code seatlock.redis.host} or
 * {@code seatlock.redis.port} were set somewhere above the application's own defaults (environment,
 * system properties, server.xml variables): then host and port are used, as with {@code
 * seatlock.redis.embedded=never}. Only in the dev and test profiles: production never starts a
 * Redis of its own.
 */
public final class RedisConfiguration {

    /** Ordinal of {@code META-INF/microprofile-config.properties}, where the defaults live. */
    private static final int DEFAULTS_ORDINAL = 100;

    /**
     * @param settings where to connect; host and port are placeholders when {@code embedded}
     * @param embedded whether to start a local Redis and connect to it instead
     * @param origin which setting chose the Redis, for the log
     */
    public record Resolved(RedisSettings settings, boolean embedded, String origin) {

        /** The settings pointed at a started local Redis. */
        public RedisSettings at(String host, int port) {
            RedisSettings s = settings;
            return new RedisSettings(
                    "",
                    host,
                    port,
                    "",
                    "",
                    0,
                    false,
                    s.connectTimeout(),
                    s.socketTimeout(),
                    s.poolMaxTotal(),
                    s.poolMaxWait(),
                    s.keyPrefix());
        }
    }

    private RedisConfiguration() {}

    public static Resolved resolve(Config config) {
        Optional<String> configuredUrl = nonBlank(config, "seatlock.redis.url");
        Optional<String> envUrl = nonBlank(config, "REDIS_URL");
        String embedded =
                nonBlank(config, "seatlock.redis.embedded")
                        .orElse("auto")
                        .trim()
                        .toLowerCase(Locale.ROOT);
        if (!embedded.equals("auto") && !embedded.equals("never")) {
            throw new IllegalArgumentException(
                    "seatlock.redis.embedded must be auto or never: " + embedded);
        }

        RedisSettings base;
        String origin;
        boolean startLocal = false;
        if (configuredUrl.isPresent()) {
            base = RedisSettings.fromUrl(configuredUrl.get());
            origin = "seatlock.redis.url";
        } else if (envUrl.isPresent()) {
            base = RedisSettings.fromUrl(envUrl.get());
            origin = "REDIS_URL";
        } else {
            String host = nonBlank(config, "seatlock.redis.host").orElse("localhost");
            int port = config.getOptionalValue("seatlock.redis.port", Integer.class).orElse(6379);
            String password = nonBlank(config, "seatlock.redis.password").orElse("");
            int database =
                    config.getOptionalValue("seatlock.redis.database", Integer.class).orElse(0);
            boolean tls =
                    config.getOptionalValue("seatlock.redis.tls", Boolean.class).orElse(false);
            base =
                    new RedisSettings(
                            "",
                            host,
                            port,
                            "",
                            password,
                            database,
                            tls,
                            RedisSettings.DEFAULT_CONNECT_TIMEOUT,
                            RedisSettings.DEFAULT_SOCKET_TIMEOUT,
                            RedisSettings.DEFAULT_POOL_MAX_TOTAL,
                            RedisSettings.DEFAULT_POOL_MAX_WAIT,
                            RedisSettings.DEFAULT_KEY_PREFIX);
            boolean hostGiven =
                    setAboveDefaults(config, "seatlock.redis.host")
                            || setAboveDefaults(config, "seatlock.redis.port");
            // Production never starts one (ProductionSafeguards refuses auto there before this
            // runs).
            startLocal =
                    embedded.equals("auto")
                            && !hostGiven
                            && RuntimeProfile.of(config).allowsDemoConveniences();
            origin = startLocal ? "no REDIS_URL configured" : "seatlock.redis.host/port";
        }

        RedisSettings settings =
                base.withTimeouts(
                                duration(
                                        config,
                                        "seatlock.redis.connect-timeout",
                                        RedisSettings.DEFAULT_CONNECT_TIMEOUT),
                                duration(
                                        config,
                                        "seatlock.redis.socket-timeout",
                                        RedisSettings.DEFAULT_SOCKET_TIMEOUT))
                        .withPool(
                                config.getOptionalValue(
                                                "seatlock.redis.pool.max-total", Integer.class)
                                        .orElse(RedisSettings.DEFAULT_POOL_MAX_TOTAL),
                                duration(
                                        config,
                                        "seatlock.redis.pool.max-wait",
                                        RedisSettings.DEFAULT_POOL_MAX_WAIT))
                        .withKeyPrefix(
                                nonBlank(config, "seatlock.lock.key-prefix")
                                        .orElse(RedisSettings.DEFAULT_KEY_PREFIX));
        return new Resolved(settings, startLocal, origin);
    }

    /** The shortest fence TTL accepted, whatever the leases: one day. */
    public static final Duration MIN_FENCE_TTL = Duration.ofDays(1);

    /** How many times the longest lease a fence TTL must be at least. */
    public static final int FENCE_TTL_LEASE_FACTOR = 10;

    /**
     * {@code seatlock.lock.fence-ttl} (default {@link RedisLockService#DEFAULT_FENCE_TTL}): how
     * long a seat's fence counter stays in Redis after the seat's last acquisition.
     *
     * <p>It must be far above the longest lease, so that a fence counter never expires while a
     * token issued from it may still be in use, and the tokens of one seat then grow by the
     * counter, not only by Redis' clock. The longest lease is the longer of {@code
     * seatlock.hold.ttl} (a hold keeps its seats' lease that long) and {@code seatlock.lock.lease}
     * renewed {@code seatlock.lock.max-renewals} times.
     *
     * @throws IllegalArgumentException when the TTL is below {@link #MIN_FENCE_TTL} or below {@link
     *     #FENCE_TTL_LEASE_FACTOR} times the longest lease; the message names the keys
     */
    public static Duration fenceTtl(Config config) {
        Duration fenceTtl =
                duration(config, "seatlock.lock.fence-ttl", RedisLockService.DEFAULT_FENCE_TTL);
        Duration holdTtl = duration(config, "seatlock.hold.ttl", Duration.ofMinutes(10));
        Duration lease = duration(config, "seatlock.lock.lease", Duration.ofSeconds(30));
        int renewals =
                config.getOptionalValue("seatlock.lock.max-renewals", Integer.class).orElse(20);
        Duration renewedLease = lease.multipliedBy(Math.max(0, renewals) + 1L);
        Duration longestLease = holdTtl.compareTo(renewedLease) >= 0 ? holdTtl : renewedLease;
        Duration floor = longestLease.multipliedBy(FENCE_TTL_LEASE_FACTOR);
        if (floor.compareTo(MIN_FENCE_TTL) < 0) {
            floor = MIN_FENCE_TTL;
        }
        if (fenceTtl.compareTo(floor) < 0) {
            throw new IllegalArgumentException(
                    "seatlock.lock.fence-ttl "
                            + fenceTtl
                            + " is too short: it must be at"
                            + " least "
                            + floor
                            + " ("
                            + MIN_FENCE_TTL
                            + ", and "
                            + FENCE_TTL_LEASE_FACTOR
                            + " times the longest"
                            + " lease "
                            + longestLease
                            + ": seatlock.hold.ttl "
                            + holdTtl
                            + ", seatlock.lock.lease "
                            + lease
                            + " renewed seatlock.lock.max-renewals "
                            + renewals
                            + " times)");
        }
        return fenceTtl;
    }

    private static Optional<String> nonBlank(Config config, String key) {
        return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
    }

    private static Duration duration(Config config, String key, Duration fallback) {
        return config.getOptionalValue(key, Duration.class).orElse(fallback);
    }

    private static boolean setAboveDefaults(Config config, String key) {
        ConfigValue value = config.getConfigValue(key);
        return value != null
                && value.getValue() != null
                && !value.getValue().isBlank()
                && value.getSourceOrdinal() > DEFAULTS_ORDINAL;
    }
}
