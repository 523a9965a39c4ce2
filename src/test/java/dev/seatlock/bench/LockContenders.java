package dev.seatlock.bench;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.redis.LockScriptsForBenchmark;
import dev.seatlock.lock.redis.RedisLockService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The three contenders of the lock benchmark. Each gets the same lease and wait time and a
 * connection pool of the same size.
 */
final class LockContenders {

    private LockContenders() {}

    /**
     * The physical limit of an acquire + release pair on this Redis and this Jedis pool: {@code SET
     * key token NX PX} then {@code DEL key}, two round trips, no script, no token generation, no
     * waiting.
     */
    static final class Ceiling implements LockContender {
        private final UnifiedJedis client;
        private final SetParams params;

        Ceiling(UnifiedJedis client, Duration lease) {
            this.client = client;
            this.params = SetParams.setParams().nx().px(lease.toMillis());
        }

        @Override
        public String name() {
            return "ceiling";
        }

        @Override
        public boolean waits() {
            return false;
        }

        @Override
        public boolean lockAndRun(String key, Runnable criticalSection) {
            if (client.set(key, "ceiling-token", params) == null) {
                return false;
            }
            try {
                criticalSection.run();
            } finally {
                client.del(key);
            }
            return true;
        }

        @Override
        public void close() {
            // the client belongs to the benchmark
        }
    }

    /**
     * SeatLock's two Lua scripts alone (EVALSHA acquire, EVALSHA release) with a fixed token and no
     * Java around them: the floor of {@link SeatLock}, so that the report can tell the scripts'
     * price in Redis from the price of {@link RedisLockService} itself. Single attempt, so
     * uncontended only.
     */
    static final class Scripts implements LockContender {
        /** The fenced acquire, as a seat's: the fence key with the default fence TTL. */
        private static final String FENCE_TTL_MILLIS =
                Long.toString(RedisLockService.DEFAULT_FENCE_TTL.toMillis());

        private final LockScriptsForBenchmark scripts;
        private final String leaseMillis;

        Scripts(UnifiedJedis client, Duration lease) {
            this.scripts = new LockScriptsForBenchmark(client);
            this.leaseMillis = Long.toString(lease.toMillis());
        }

        @Override
        public String name() {
            return "scripts";
        }

        @Override
        public boolean waits() {
            return false;
        }

        @Override
        public boolean lockAndRun(String key, Runnable criticalSection) {
            List<String> lockKey = List.of("bench:scripts:lock:" + key);
            List<String> owner = List.of("scripts-token");
            if (!scripts.acquire(
                    List.of(lockKey.get(0), "bench:scripts:fence:" + key),
                    List.of(owner.get(0), leaseMillis, FENCE_TTL_MILLIS))) {
                return false;
            }
            try {
                criticalSection.run();
            } finally {
                scripts.release(lockKey, owner);
            }
            return true;
        }

        @Override
        public void close() {
            // the client belongs to the benchmark
        }
    }

    /** SeatLock's {@link RedisLockService}: one EVALSHA to acquire, one to release. */
    static final class SeatLock implements LockContender {
        private final RedisLockService service;
        private final Duration lease;
        private final Duration wait;

        SeatLock(RedisLockService service, Duration lease, Duration wait) {
            this.service = service;
            this.lease = lease;
            this.wait = wait;
        }

        @Override
        public String name() {
            return "SeatLock";
        }

        @Override
        public boolean waits() {
            return true;
        }

        RedisLockService service() {
            return service;
        }

        @Override
        public boolean lockAndRun(String key, Runnable criticalSection) {
            LockLease held;
            try {
                held = service.acquire(List.of(key), lease, wait);
            } catch (LockNotAcquiredException e) {
                return false;
            }
            try {
                criticalSection.run();
            } finally {
                service.release(held);
            }
            return true;
        }

        @Override
        public void close() {
            // the client belongs to the benchmark
        }
    }

    /** Redisson's {@link RLock}: {@code tryLock(wait, lease)} then {@code unlock()}. */
    static final class RedissonLock implements LockContender {
        private final RedissonClient redisson;
        private final long leaseMillis;
        private final long waitMillis;

        RedissonLock(String redisUrl, int poolSize, Duration lease, Duration wait) {
            Config config = new Config();
            config.useSingleServer()
                    .setAddress(redisUrl)
                    .setConnectionPoolSize(poolSize)
                    .setConnectionMinimumIdleSize(poolSize)
                    .setTimeout(5_000);
            this.redisson = Redisson.create(config);
            this.leaseMillis = lease.toMillis();
            this.waitMillis = wait.toMillis();
        }

        @Override
        public String name() {
            return "Redisson";
        }

        @Override
        public boolean waits() {
            return true;
        }

        @Override
        public boolean lockAndRun(String key, Runnable criticalSection)
                throws InterruptedException {
            RLock lock = redisson.getLock(key);
            if (!lock.tryLock(waitMillis, leaseMillis, TimeUnit.MILLISECONDS)) {
                return false;
            }
            try {
                criticalSection.run();
            } finally {
                lock.unlock();
            }
            return true;
        }

        @Override
        public void close() {
            redisson.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
