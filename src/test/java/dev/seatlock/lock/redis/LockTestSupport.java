package dev.seatlock.lock.redis;

import dev.seatlock.testing.RedisServer;
import java.time.Duration;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/** Settings and clients for lock tests: short timeouts, and a key prefix of their own per test. */
final class LockTestSupport {

    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    static final Duration SOCKET_TIMEOUT = Duration.ofMillis(300);
    static final Duration POOL_MAX_WAIT = Duration.ofMillis(300);

    private LockTestSupport() {}

    /** Settings for {@code server}, short timeouts, and a key prefix no other test uses. */
    static RedisSettings settingsFor(RedisServer server) {
        return RedisSettings.fromUrl(server.url())
                .withTimeouts(CONNECT_TIMEOUT, SOCKET_TIMEOUT)
                .withPool(32, POOL_MAX_WAIT)
                .withKeyPrefix("test:" + UUID.randomUUID() + ":");
    }

    /**
     * A fresh pooled client and lock service on {@code settings}; close the client after the test.
     */
    record Lock(UnifiedJedis client, RedisLockService service, RedisSettings settings)
            implements AutoCloseable {
        static Lock on(RedisSettings settings) {
            UnifiedJedis client = settings.createClient();
            return new Lock(client, new RedisLockService(client, settings), settings);
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
