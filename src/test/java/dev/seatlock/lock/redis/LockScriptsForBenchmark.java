package dev.seatlock.lock.redis;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs SeatLock's own acquire and release scripts with nothing around them, for the lock benchmark
 * ({@code dev.seatlock.bench}): the floor of what {@link RedisLockService} can cost, so that the
 * benchmark can tell the price of the scripts in Redis from the price of the Java around them. Test
 * scope only.
 */
public final class LockScriptsForBenchmark {

    private final LockScripts scripts = new LockScripts();
    private final UnifiedJedis client;

    public LockScriptsForBenchmark(UnifiedJedis client) {
        this.client = client;
    }

    /**
     * The acquire script on one lock key and its fence key (ARGV: owner, lease ms, fence TTL ms);
     * true when taken.
     */
    public boolean acquire(List<String> lockAndFenceKey, List<String> ownerLeaseAndFenceTtlMillis) {
        List<?> reply =
                (List<?>)
                        scripts.run(
                                client,
                                scripts.acquire,
                                lockAndFenceKey,
                                ownerLeaseAndFenceTtlMillis);
        return ((Number) reply.get(0)).longValue() == 1;
    }

    /** The compare-and-delete release script; true when the owner still held the key. */
    public boolean release(List<String> lockKey, List<String> owner) {
        return ((Number) scripts.run(client, scripts.release, lockKey, owner)).longValue() == 1;
    }
}
