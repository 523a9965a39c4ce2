package dev.seatlock.lock.redis;

import dev.seatlock.lock.Fencing;
import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.lock.ReleaseOutcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@link LockService} on one Redis (or one Redis Cluster shard per hash tag), through Jedis.
 *
 * <p>Each lock is a Redis string {@code <prefix>lock:<key>} holding the owner token with a {@code
 * PX} expiry; beside it, for a fenced acquisition ({@link Fencing#TOKENS}), {@code
 * <prefix>fence:<key>} holds the last fencing token handed out for the key, with an expiry of the
 * fence TTL (by default {@link #DEFAULT_FENCE_TTL}) from its last acquisition, so that nothing
 * SeatLock writes stays in Redis for good. An unfenced acquisition ({@link Fencing#NONE}) writes
 * the lock keys only. Every operation is one Lua script (see {@link LockScripts}), so an
 * acquisition over many keys is one atomic round trip.
 *
 * <p>A waiter wakes at once when a lease on one of its keys is released: on this server through
 * {@link LocalWaiters}, on another server through the notice the release script publishes ({@link
 * ReleaseNotices}). While notices reach this server it retries on its own only every {@link
 * #DEFAULT_RETRY_INTERVAL} or so (or when the shortest lease on its keys runs out), the safety net
 * for a lost notice; without them it polls with a backoff from 2 to 50 ms.
 *
 * <p>Plain Java with no container annotations: the CDI layer constructs it. Thread-safe; share one
 * instance (and one pooled client) per application.
 *
 * <p>Failure rules: every Jedis failure becomes a {@link LockStoreUnavailableException} naming the
 * address and timeouts. A call that fails fast on a broken connection (typically a pooled
 * connection to a Redis that restarted) is retried once on a fresh connection; a call that timed
 * out is not retried, so no call waits longer than {@link RedisSettings#worstCaseCallTime()} (plus
 * one fast failure when the first connection broke without timing out). Every script is safe to run
 * twice: acquire treats keys already holding its own token as free; a retried release whose first
 * run succeeded unseen reports {@link ReleaseOutcome#LEASE_ALREADY_LOST}, the cautious answer.
 */
public final class RedisLockService implements LockService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * How long a fence key lives after its last acquisition unless configured ({@code
     * seatlock.lock.fence-ttl}).
     */
    public static final Duration DEFAULT_FENCE_TTL = Duration.ofDays(7);

    /**
     * How long a waiter sleeps between two tries of its own while release notices reach this server
     * (half of it to all of it, at random), unless a release wakes it first.
     */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(200);

    private final UnifiedJedis client;
    private final String keyPrefix;
    private final String storeDescription;
    private final String fenceTtlMillis;
    private static final AttributeKey<List<String>> SPAN_KEYS =
            AttributeKey.stringArrayKey("seatlock.lock.keys");
    private static final AttributeKey<Long> SPAN_TRIES =
            AttributeKey.longKey("seatlock.lock.tries");
    private static final AttributeKey<Long> SPAN_WAITED =
            AttributeKey.longKey("seatlock.lock.waited_ms");
    private static final AttributeKey<Long> SPAN_MAX_WAIT =
            AttributeKey.longKey("seatlock.lock.max_wait_ms");
    private static final AttributeKey<Long> SPAN_LEASE =
            AttributeKey.longKey("seatlock.lock.lease_ms");
    private static final AttributeKey<Boolean> SPAN_FENCED =
            AttributeKey.booleanKey("seatlock.lock.fenced");
    private static final AttributeKey<Boolean> SPAN_ACQUIRED =
            AttributeKey.booleanKey("seatlock.lock.acquired");
    private static final AttributeKey<String> SPAN_ERROR = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final LockScripts scripts;
    private final LocalWaiters waiters = new LocalWaiters();
    private final ReleaseNotices notices;
    private final long retryNanos;
    private final AtomicLong scriptCalls = new AtomicLong();
    private final AtomicLong acquireAttempts = new AtomicLong();
    private final AtomicLong acquisitions = new AtomicLong();

    /**
     * @param client a pooled client, e.g. from {@link RedisSettings#createClient()}; not closed
     *     here
     * @param keyPrefix prefix of every Redis key written, e.g. {@code seatlock:}
     * @param storeDescription address and timeouts, named in every {@link
     *     LockStoreUnavailableException} (see {@link RedisSettings#describe()}); no password
     * @param fenceTtl how long a fence key lives after the last acquisition or advance of its key;
     *     at least a millisecond. Keep it far above the longest lease (see {@link
     *     RedisConfiguration#fenceTtl}, which checks that)
     * @param notices how releases reach other servers' waiters, started here and closed by the
     *     owner of this service when the application stops; {@link ReleaseNotices#none()} for none
     * @param retryInterval how long a waiter sleeps between tries of its own while notices reach it
     *     (half of it to all of it), the safety net for a lost notice
     * @param tracer traces each acquisition ({@code lock acquire}: keys, tries, wait) and each
     *     script call ({@link LockScripts}); never the owner token
     */
    public RedisLockService(
            UnifiedJedis client,
            String keyPrefix,
            String storeDescription,
            Duration fenceTtl,
            ReleaseNotices notices,
            Duration retryInterval,
            Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.scripts = new LockScripts(tracer);
        this.notices = Objects.requireNonNull(notices, "notices");
        this.retryNanos = Objects.requireNonNull(retryInterval, "retryInterval").toNanos();
        if (retryNanos < TimeUnit.MILLISECONDS.toNanos(1)) {
            throw new IllegalArgumentException(
                    "the retry interval must be at least 1 ms: " + retryInterval);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.storeDescription = Objects.requireNonNull(storeDescription, "storeDescription");
        Objects.requireNonNull(fenceTtl, "fenceTtl");
        if (fenceTtl.toMillis() < 1) {
            throw new IllegalArgumentException("the fence TTL must be at least 1 ms: " + fenceTtl);
        }
        this.fenceTtlMillis = Long.toString(fenceTtl.toMillis());
        notices.start(
                new ReleaseNotices.Listener() {
                    @Override
                    public void released(List<String> redisLockKeys) {
                        waiters.wakeNext(unprefix(redisLockKeys));
                    }

                    @Override
                    public void listening() {
                        waiters.wakeAll();
                    }
                });
    }

    /** Without notices of other servers' releases, nor traces. */
    public RedisLockService(
            UnifiedJedis client, String keyPrefix, String storeDescription, Duration fenceTtl) {
        this(
                client,
                keyPrefix,
                storeDescription,
                fenceTtl,
                ReleaseNotices.none(),
                DEFAULT_RETRY_INTERVAL);
    }

    /** With notices of other servers' releases, without traces. */
    public RedisLockService(
            UnifiedJedis client,
            String keyPrefix,
            String storeDescription,
            Duration fenceTtl,
            ReleaseNotices notices,
            Duration retryInterval) {
        this(
                client,
                keyPrefix,
                storeDescription,
                fenceTtl,
                notices,
                retryInterval,
                TracerProvider.noop().get("dev.seatlock.lock"));
    }

    /** With traces, without notices of other servers' releases. */
    public RedisLockService(
            UnifiedJedis client,
            String keyPrefix,
            String storeDescription,
            Duration fenceTtl,
            Tracer tracer) {
        this(
                client,
                keyPrefix,
                storeDescription,
                fenceTtl,
                ReleaseNotices.none(),
                DEFAULT_RETRY_INTERVAL,
                tracer);
    }

    /** With the {@link #DEFAULT_FENCE_TTL}. */
    public RedisLockService(UnifiedJedis client, String keyPrefix, String storeDescription) {
        this(client, keyPrefix, storeDescription, DEFAULT_FENCE_TTL);
    }

    /**
     * With the key prefix and the description of {@code settings}; the client is built from them.
     */
    public RedisLockService(UnifiedJedis client, RedisSettings settings) {
        this(client, settings.keyPrefix(), settings.describe());
    }

    /** For a client whose address is not known here; error messages then say only "Redis". */
    public RedisLockService(UnifiedJedis client, String keyPrefix) {
        this(client, keyPrefix, "Redis");
    }

    @Override
    public LockLease acquire(
            Collection<String> keys, Duration leaseTime, Duration waitTime, Fencing fencing) {
        List<String> keyList = validateKeys(keys);
        long leaseMillis = validateLease(leaseTime);
        Objects.requireNonNull(waitTime, "waitTime");
        Objects.requireNonNull(fencing, "fencing");
        if (waitTime.isNegative()) {
            throw new IllegalArgumentException("wait time must not be negative: " + waitTime);
        }
        Span span =
                tracer.spanBuilder("lock acquire")
                        .setAttribute(SPAN_KEYS, keyList)
                        .setAttribute(SPAN_MAX_WAIT, waitTime.toMillis())
                        .setAttribute(SPAN_LEASE, leaseMillis)
                        .setAttribute(SPAN_FENCED, fencing == Fencing.TOKENS)
                        .startSpan();
        long start = System.nanoTime();
        int[] tries = {0};
        boolean acquired = false;
        try (Scope ignored = span.makeCurrent()) {
            LockLease lease = acquire(keyList, leaseTime, leaseMillis, waitTime, fencing, tries);
            acquired = true;
            return lease;
        } catch (LockNotAcquiredException e) {
            throw e;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(SPAN_ERROR, e.getClass().getName());
            throw e;
        } finally {
            span.setAttribute(SPAN_ACQUIRED, acquired);
            span.setAttribute(SPAN_TRIES, (long) tries[0]);
            span.setAttribute(
                    SPAN_WAITED, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            span.end();
        }
    }

    private LockLease acquire(
            List<String> keyList,
            Duration leaseTime,
            long leaseMillis,
            Duration waitTime,
            Fencing fencing,
            int[] tries) {
        String owner = newOwnerToken();
        List<String> scriptKeys = acquireScriptKeys(keyList, fencing);
        List<String> args = acquireArgs(owner, leaseMillis, fencing);
        List<String> channels = notices.channelsOf(scriptKeys.subList(0, keyList.size()));

        long waitDeadline = System.nanoTime() + saturatedNanos(waitTime);
        long backoff = MIN_BACKOFF_NANOS;
        Thread me = Thread.currentThread();
        boolean queued = false;
        boolean acquired = false;
        List<String> held = keyList;
        long minPttlMillis = -1;
        try {
            while (true) {
                long left = waitDeadline - System.nanoTime();
                // A newcomer that may wait queues behind this JVM's earlier waiters for these keys
                // instead of trying at once; otherwise the thread that just released would take the
                // key back every time before the waiter it woke gets there.
                boolean behindEarlierWaiters = !queued && left > 0 && waiters.anyWaiting(keyList);
                long stamp = waiters.stamp(keyList);
                if (!behindEarlierWaiters) {
                    long attemptStart = System.nanoTime();
                    tries[0]++;
                    Attempt attempt = attempt(keyList, scriptKeys, args);
                    if (attempt.acquired()) {
                        acquired = true;
                        return new LockLease(
                                owner,
                                attempt.tokens(),
                                leaseTime,
                                attemptStart + TimeUnit.MILLISECONDS.toNanos(leaseMillis));
                    }
                    minPttlMillis = attempt.minPttlMillis();
                    held = attempt.held();
                    left = waitDeadline - System.nanoTime();
                    if (left <= 0) {
                        throw new LockNotAcquiredException(held, waitTime);
                    }
                }
                if (!queued) {
                    notices.watch(channels);
                }
                waiters.join(keyList, me);
                queued = true;
                long sleep;
                if (!behindEarlierWaiters && waiters.stamp(keyList) != stamp) {
                    // Released between the try and joining the queue: try again now.
                    sleep = 0;
                } else if (notices.listening(channels)) {
                    // A release anywhere wakes it; it retries on its own only as a safety net for
                    // a lost notice, or when the shortest lease runs out.
                    sleep =
                            retryNanos / 2
                                    + ThreadLocalRandom.current().nextLong(retryNanos / 2 + 1);
                    if (minPttlMillis >= 0 && !behindEarlierWaiters) {
                        sleep = Math.min(sleep, TimeUnit.MILLISECONDS.toNanos(minPttlMillis + 1));
                    }
                    sleep = Math.min(sleep, left);
                    backoff = MAX_BACKOFF_NANOS;
                } else if (behindEarlierWaiters) {
                    // A release here will wake it; until then it only polls for releases elsewhere,
                    // slowly, and not so soon that it overtakes the waiter being woken (25 to 50
                    // ms).
                    sleep =
                            Math.min(
                                    left,
                                    MAX_BACKOFF_NANOS / 2
                                            + ThreadLocalRandom.current()
                                                    .nextLong(MAX_BACKOFF_NANOS / 2 + 1));
                    backoff = MAX_BACKOFF_NANOS;
                } else {
                    long cap = Math.min(backoff, left);
                    if (minPttlMillis >= 0) {
                        // No use sleeping past the moment the shortest lease runs out.
                        cap = Math.min(cap, TimeUnit.MILLISECONDS.toNanos(minPttlMillis) + 1);
                    }
                    sleep = ThreadLocalRandom.current().nextLong(cap + 1);
                }
                // Ends early when a lease on one of the keys is released (LocalWaiters).
                if (sleep > 0) {
                    LockSupport.parkNanos(this, sleep);
                }
                if (Thread.interrupted()) {
                    me.interrupt();
                    throw new LockNotAcquiredException(held, waitTime);
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        } finally {
            if (queued) {
                notices.unwatch(channels);
                waiters.leave(keyList, me);
                if (!acquired) {
                    // It may have been first in line and woken: pass the turn on.
                    waiters.wakeNext(keyList);
                }
            }
        }
    }

    /**
     * What one acquire attempt on this Redis got: every key with its fencing token, or the keys
     * held and the shortest remaining lease among them ({@code -1} when none has an expiry).
     */
    record Attempt(Map<String, Long> tokens, List<String> held, long minPttlMillis) {
        boolean acquired() {
            return tokens != null;
        }
    }

    /**
     * One all-or-nothing attempt with a given owner token and no waiting: the building block of
     * {@link RedlockService}, which takes the same token on several independent Redis servers.
     */
    Attempt attemptOnce(List<String> keys, String owner, long leaseMillis, Fencing fencing) {
        return attempt(
                keys, acquireScriptKeys(keys, fencing), acquireArgs(owner, leaseMillis, fencing));
    }

    private Attempt attempt(List<String> keys, List<String> scriptKeys, List<String> args) {
        acquireAttempts.incrementAndGet();
        List<?> reply =
                (List<?>)
                        call(
                                "acquiring " + keys,
                                () -> scripts.run(client, scripts.acquire, scriptKeys, args));
        if (asLong(reply.get(0)) == 1) {
            List<?> tokens = (List<?>) reply.get(1);
            Map<String, Long> fencing = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                // An unfenced acquisition replies no tokens.
                fencing.put(
                        keys.get(i),
                        tokens.isEmpty() ? LockLease.NO_FENCING_TOKEN : asLong(tokens.get(i)));
            }
            acquisitions.incrementAndGet();
            return new Attempt(fencing, List.of(), -1);
        }
        return new Attempt(null, unprefix((List<?>) reply.get(2)), asLong(reply.get(1)));
    }

    /** The acquire script's KEYS: the lock keys, then, when fenced, their fence keys. */
    private List<String> acquireScriptKeys(List<String> keys, Fencing fencing) {
        List<String> scriptKeys = new ArrayList<>(keys.size() * 2);
        for (String key : keys) {
            scriptKeys.add(lockKey(key));
        }
        if (fencing == Fencing.TOKENS) {
            for (String key : keys) {
                scriptKeys.add(fenceKey(key));
            }
        }
        return scriptKeys;
    }

    /** The acquire script's ARGV: owner token, lease, and the fence TTL, or 0 when unfenced. */
    private List<String> acquireArgs(String owner, long leaseMillis, Fencing fencing) {
        return List.of(
                owner,
                Long.toString(leaseMillis),
                fencing == Fencing.TOKENS ? fenceTtlMillis : "0");
    }

    @Override
    public ReleaseOutcome release(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        List<String> keys = lockKeys(lease.keys());
        List<String> args = releaseArgs(lease.ownerToken(), keys);
        long owned =
                asLong(
                        call(
                                "releasing " + lease.keys(),
                                () -> scripts.run(client, scripts.release, keys, args)));
        waiters.wakeNext(lease.keys());
        return owned == keys.size() ? ReleaseOutcome.RELEASED : ReleaseOutcome.LEASE_ALREADY_LOST;
    }

    /**
     * The release script's ARGV: the owner token, then, when releases are published, the publish
     * command, this server's id and each key's channel.
     */
    private List<String> releaseArgs(String owner, List<String> redisKeys) {
        String command = notices.publishCommand();
        if (command.isEmpty()) {
            return List.of(owner);
        }
        List<String> args = new ArrayList<>(redisKeys.size() + 3);
        args.add(owner);
        args.add(command);
        args.add(notices.serverId());
        for (String key : redisKeys) {
            args.add(notices.channelOf(key));
        }
        return args;
    }

    @Override
    public LockLease extend(LockLease lease, Duration leaseTime) {
        Objects.requireNonNull(lease, "lease");
        long leaseMillis = validateLease(leaseTime);
        List<String> keys = lockKeys(lease.keys());
        long start = System.nanoTime();
        long extended =
                asLong(
                        call(
                                "extending " + lease.keys(),
                                () ->
                                        scripts.run(
                                                client,
                                                scripts.extend,
                                                keys,
                                                List.of(
                                                        lease.ownerToken(),
                                                        Long.toString(leaseMillis)))));
        if (extended != 1) {
            throw new LeaseLostException(
                    lease.keys(), "expired or taken by another owner before it was extended");
        }
        return lease.withLeaseTime(leaseTime, start + TimeUnit.MILLISECONDS.toNanos(leaseMillis));
    }

    @Override
    public boolean isHeld(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        List<String> keys = lockKeys(lease.keys());
        return asLong(
                        call(
                                "checking " + lease.keys(),
                                () ->
                                        scripts.run(
                                                client,
                                                scripts.isHeld,
                                                keys,
                                                List.of(lease.ownerToken()))))
                == 1;
    }

    @Override
    public Set<String> heldKeys(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        List<String> keyList = List.copyOf(new LinkedHashSet<>(keys));
        if (keyList.isEmpty()) {
            return Set.of();
        }
        List<String> redisKeys = lockKeys(keyList);
        List<?> flags =
                (List<?>)
                        call(
                                "reading " + keyList.size() + " keys",
                                () -> scripts.run(client, scripts.heldKeys, redisKeys, List.of()));
        Set<String> held = new LinkedHashSet<>();
        for (int i = 0; i < keyList.size(); i++) {
            if (asLong(flags.get(i)) == 1) {
                held.add(keyList.get(i));
            }
        }
        return Set.copyOf(held);
    }

    @Override
    public long advanceFence(String key, long atLeast) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a lock key is empty");
        }
        if (atLeast < 0) {
            throw new IllegalArgumentException("a fencing token is never negative: " + atLeast);
        }
        List<String> keys = List.of(fenceKey(key));
        return asLong(
                call(
                        "advancing the fence of " + key,
                        () ->
                                scripts.run(
                                        client,
                                        scripts.advanceFence,
                                        keys,
                                        List.of(Long.toString(atLeast), fenceTtlMillis))));
    }

    /** The Redis key of a lock, e.g. {@code seatlock:lock:seat:{SL101}:12C}. */
    public String lockKey(String key) {
        return keyPrefix + "lock:" + key;
    }

    /**
     * The Redis key of a lock's last fencing token, e.g. {@code seatlock:fence:seat:{SL101}:12C}.
     */
    public String fenceKey(String key) {
        return keyPrefix + "fence:" + key;
    }

    /** Script round trips sent to Redis by this service (EVALSHA, and SCRIPT LOAD when needed). */
    public long scriptCalls() {
        return scriptCalls.get();
    }

    /** Acquire attempts (one EVALSHA each), including those that found a key held. */
    public long acquireAttempts() {
        return acquireAttempts.get();
    }

    /** Successful acquisitions. */
    public long acquisitions() {
        return acquisitions.get();
    }

    /** Times a script was sent with SCRIPT LOAD (first use, and after Redis forgot it). */
    public long scriptLoads() {
        return scripts.loadCount();
    }

    private Object call(String what, Supplier<Object> command) {
        try {
            scriptCalls.incrementAndGet();
            return command.get();
        } catch (JedisConnectionException first) {
            if (isTimeout(first)) {
                throw unavailable(what, first);
            }
            // A pooled connection broke (Redis restarted or dropped it): Jedis discarded it; try
            // once on a fresh one. Safe because every script is idempotent for the same owner
            // token.
            try {
                scriptCalls.incrementAndGet();
                return command.get();
            } catch (JedisException second) {
                second.addSuppressed(first);
                throw unavailable(what, second);
            }
        } catch (JedisException e) {
            throw unavailable(what, e);
        }
    }

    private LockStoreUnavailableException unavailable(String what, JedisException e) {
        String kind = isTimeout(e) ? "did not answer in time" : "failed";
        return new LockStoreUnavailableException(
                "Lock store "
                        + storeDescription
                        + " "
                        + kind
                        + " while "
                        + what
                        + ": "
                        + e.getMessage(),
                e);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static String newOwnerToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static List<String> validateKeys(Collection<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        List<String> list = new ArrayList<>(keys.size());
        Set<String> seen = new HashSet<>();
        for (String key : keys) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("a lock key is null or empty: " + keys);
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("duplicate lock key " + key + " in " + keys);
            }
            list.add(key);
        }
        return list;
    }

    static long validateLease(Duration leaseTime) {
        Objects.requireNonNull(leaseTime, "leaseTime");
        if (leaseTime.isNegative() || leaseTime.isZero()) {
            throw new IllegalArgumentException("lease time must be positive: " + leaseTime);
        }
        long millis = leaseTime.toMillis();
        return millis == 0
                ? 1
                : millis; // round a sub-millisecond lease up rather than to "no expiry"
    }

    private List<String> lockKeys(List<String> keys) {
        List<String> redisKeys = new ArrayList<>(keys.size());
        for (String key : keys) {
            redisKeys.add(lockKey(key));
        }
        return redisKeys;
    }

    private List<String> unprefix(List<?> redisKeys) {
        String prefix = keyPrefix + "lock:";
        List<String> keys = new ArrayList<>(redisKeys.size());
        for (Object k : redisKeys) {
            String s = asString(k);
            keys.add(s.startsWith(prefix) ? s.substring(prefix.length()) : s);
        }
        return keys;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private static long asLong(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        return Long.parseLong(asString(o));
    }

    private static String asString(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(o);
    }
}
