package dev.seatlock.lock.redis;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The Lua scripts of the Redis lock, each loaded once with {@code SCRIPT LOAD} and run with {@code
 * EVALSHA}.
 *
 * <p>Exists because every lock operation over several keys must be one atomic step: Redis runs a
 * script without interleaving any other command. A Redis that restarts empty, or a {@code SCRIPT
 * FLUSH}, forgets the scripts; {@link #run} then answers {@code NOSCRIPT}, and the script is loaded
 * again and re-run once.
 *
 * <p>Every script takes all the keys it touches in {@code KEYS} (never builds key names inside), so
 * it works on Redis Cluster as long as the keys share a hash tag.
 */
public final class LockScripts {

    /**
     * KEYS = N lock keys, then (fenced only) their N fence keys; ARGV = owner token, lease in ms,
     * fence TTL in ms, {@code 0} for an unfenced acquisition (whose KEYS are the N lock keys
     * alone).
     *
     * <p>A key counts as free when it does not exist or already holds this very owner token: the
     * latter only happens when a previous run of this same acquisition succeeded but its reply was
     * lost (a retried call), and makes acquire safe to retry.
     *
     * <p>Replies {@code {1, tokens}} when every key was taken ({@code tokens} is empty when
     * unfenced), {@code {0, minPttl, heldKeys}} when none was ({@code minPttl} is -1 if no held key
     * has an expiry).
     *
     * <p>The next fencing token of a key is {@code max(fence + 1, TIME in µs)}: strictly increasing
     * per key while its fence key lives, and still increasing after the fence key expired or Redis
     * restarted empty (unless Redis' clock went back). The fence key is written with {@code PX}
     * fence TTL, so it lives that long after the key's last acquisition. Lua numbers are doubles,
     * exact to 2^53 (year 2255 in µs); {@code %.0f} keeps them out of {@code 1.8e+15} notation.
     */
    static final String ACQUIRE =
            """
            local fenceTtl = tonumber(ARGV[3])
            local n = #KEYS
            if fenceTtl > 0 then n = n / 2 end
            local held = {}
            local minTtl = -1
            for i = 1, n do
              local v = redis.call('GET', KEYS[i])
              if v and v ~= ARGV[1] then
                held[#held + 1] = KEYS[i]
                local ttl = redis.call('PTTL', KEYS[i])
                if ttl >= 0 and (minTtl < 0 or ttl < minTtl) then minTtl = ttl end
              end
            end
            if #held > 0 then
              return {0, minTtl, held}
            end
            local tokens = {}
            if fenceTtl == 0 then
              for i = 1, n do
                redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
              end
              return {1, tokens}
            end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            for i = 1, n do
              local fence = tonumber(redis.call('GET', KEYS[n + i]) or '0')
              local nextToken = fence + 1
              if now > nextToken then nextToken = now end
              local s = string.format('%.0f', nextToken)
              redis.call('SET', KEYS[n + i], s, 'PX', ARGV[3])
              redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
              tokens[i] = s
            end
            return {1, tokens}
            """;

    /**
     * KEYS = lock keys; ARGV = owner token, then optionally the publish command ({@code PUBLISH} or
     * {@code SPUBLISH}), the releasing server's id and one channel per key. Deletes the keys this
     * token owns; replies how many.
     *
     * <p>With a publish command, tells the waiters of other servers in the same round trip: one
     * message per channel among the deleted keys, the server's id and the deleted keys one a line
     * ({@link ReleaseNotices}). Each key's channel carries the key's hash tag, so on a Cluster it
     * is in the script's slot, as {@code SPUBLISH} from a script requires. Nothing is published
     * when nothing was deleted (a lease already lost, or a retried release).
     */
    static final String RELEASE =
            """
            local owned = 0
            local messages = {}
            local channels = {}
            for i = 1, #KEYS do
              if redis.call('GET', KEYS[i]) == ARGV[1] then
                redis.call('DEL', KEYS[i])
                owned = owned + 1
                if ARGV[2] then
                  local channel = ARGV[3 + i]
                  if messages[channel] then
                    messages[channel] = messages[channel] .. '\\n' .. KEYS[i]
                  else
                    messages[channel] = ARGV[3] .. '\\n' .. KEYS[i]
                    channels[#channels + 1] = channel
                  end
                end
              end
            end
            for _, channel in ipairs(channels) do
              redis.call(ARGV[2], channel, messages[channel])
            end
            return owned
            """;

    /**
     * KEYS = lock keys; ARGV = owner token, lease in ms. Only when the token owns every key, sets
     * the new lease on all of them and replies 1; otherwise changes nothing and replies 0.
     */
    static final String EXTEND =
            """
            for i = 1, #KEYS do
              if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
            end
            for i = 1, #KEYS do
              redis.call('PEXPIRE', KEYS[i], ARGV[2])
            end
            return 1
            """;

    /** KEYS = lock keys; ARGV = owner token. Replies 1 when the token owns every key, else 0. */
    static final String IS_HELD =
            """
            for i = 1, #KEYS do
              if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
            end
            return 1
            """;

    /**
     * KEYS = lock keys. Replies one 0/1 per key: whether it is held. Unlike {@code MGET} it does
     * not send owner tokens (capabilities) over the wire.
     */
    static final String HELD_KEYS =
            """
            local r = {}
            for i = 1, #KEYS do
              r[i] = redis.call('EXISTS', KEYS[i])
            end
            return r
            """;

    /**
     * KEYS = one fence key; ARGV = a fencing token, fence TTL in ms. Raises the fence counter to
     * the token unless it is already that high, with the fence TTL; replies the counter afterwards.
     * Never lowers it, so it is safe to run from many servers at once and to retry. A counter left
     * as it was keeps its TTL, or gets the fence TTL if it had none (written by a SeatLock before
     * fence keys expired).
     */
    static final String ADVANCE_FENCE =
            """
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            local wanted = tonumber(ARGV[1])
            if wanted > current then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return ARGV[1]
            end
            if redis.call('PTTL', KEYS[1]) == -1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return string.format('%.0f', current)
            """;

    /** One script: its text, its SHA-1, and whether this JVM has loaded it into Redis yet. */
    static final class Script {
        private final String name;
        private final String text;
        private final String sha;
        private volatile boolean loaded;

        Script(String name, String text) {
            this.name = name;
            this.text = text;
            this.sha = sha1(text);
        }

        String name() {
            return name;
        }

        String sha() {
            return sha;
        }
    }

    final Script acquire = new Script("acquire", ACQUIRE);
    final Script release = new Script("release", RELEASE);
    final Script extend = new Script("extend", EXTEND);
    final Script isHeld = new Script("isHeld", IS_HELD);
    final Script heldKeys = new Script("heldKeys", HELD_KEYS);
    final Script advanceFence = new Script("advanceFence", ADVANCE_FENCE);

    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> DB_OPERATION =
            AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> SCRIPT_NAME =
            AttributeKey.stringKey("seatlock.redis.script");
    private static final AttributeKey<Long> KEY_COUNT =
            AttributeKey.longKey("seatlock.redis.key_count");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final AtomicLong loads = new AtomicLong();
    private final Tracer tracer;

    /** Without traces. */
    public LockScripts() {
        this(TracerProvider.noop().get("dev.seatlock.lock"));
    }

    /**
     * @param tracer gives every script call made inside a trace a client span {@code EVALSHA
     *     <script name>} with the script's name and number of keys, never its arguments (the owner
     *     token is a capability). A call outside any trace (the lease watchdog's renewals, on its
     *     own thread) gets none: a trace of one lone renewal tells nobody anything. A no-op tracer
     *     (telemetry off) costs next to nothing
     */
    public LockScripts(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Runs {@code script} by EVALSHA; loads it first if this JVM has not yet, and again when Redis
     * answers NOSCRIPT (it restarted empty or was flushed). Jedis exceptions pass through.
     */
    Object run(UnifiedJedis client, Script script, List<String> keys, List<String> args) {
        if (!Span.current().getSpanContext().isValid()) {
            return runUntraced(client, script, keys, args);
        }
        Span span =
                tracer.spanBuilder("EVALSHA " + script.name)
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute(DB_SYSTEM, "redis")
                        .setAttribute(DB_OPERATION, "EVALSHA")
                        .setAttribute(SCRIPT_NAME, script.name)
                        .setAttribute(KEY_COUNT, (long) keys.size())
                        .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return runUntraced(client, script, keys, args);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }

    private Object runUntraced(
            UnifiedJedis client, Script script, List<String> keys, List<String> args) {
        if (!script.loaded) {
            load(client, script, keys.get(0));
        }
        try {
            return client.evalsha(script.sha, keys, args);
        } catch (JedisNoScriptException forgotten) {
            load(client, script, keys.get(0));
            return client.evalsha(script.sha, keys, args);
        }
    }

    /**
     * How many times a script was sent with SCRIPT LOAD, by this instance; for tests and metrics.
     */
    public long loadCount() {
        return loads.get();
    }

    private void load(UnifiedJedis client, Script script, String sampleKey) {
        // The sample key routes SCRIPT LOAD to the node that owns the keys on a cluster.
        String sha = client.scriptLoad(script.text, sampleKey);
        loads.incrementAndGet();
        if (!script.sha.equalsIgnoreCase(sha)) {
            throw new IllegalStateException(
                    "Redis answered SHA "
                            + sha
                            + " for script "
                            + script.name
                            + ", expected "
                            + script.sha);
        }
        script.loaded = true;
    }

    private static String sha1(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
