package dev.seatlock.limits.redis;

/**
 * The Lua scripts of the abuse limits. Each reads the clock of Redis ({@code TIME}), never a
 * server's, so that every server counts against the same time, and each gives every key it writes
 * an expiry (README "Redis key life cycle").
 */
final class LimitScripts {

    private LimitScripts() {}

    /**
     * Reserves seats of one hold against the seat counts of one subject (its keys share a hash tag,
     * hence one Cluster slot), all keys or none.
     *
     * <p>KEYS: sorted sets of held seats, member {@code <holdId>#<n>}, score the epoch millisecond
     * (Redis' clock) at which the member stops counting. ARGV[1]: how long the new members count,
     * ms; ARGV[2]: how many seats, k; ARGV[3 .. 2+#KEYS]: the cap of each key; then the k members.
     *
     * <p>Each key is first trimmed of members whose time has passed, so an expired hold stops
     * counting without anybody's help. Reply: {@code {0}} reserved; {@code {i, ms}} refused by the
     * i-th key (1-based), ms until enough seats lapse (-1: the cap is below k, never).
     */
    static final String RESERVE =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local lapse = tonumber(ARGV[1])
            local k = tonumber(ARGV[2])
            local n = #KEYS
            for i = 1, n do
              redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
              local max = tonumber(ARGV[2 + i])
              local held = redis.call('ZCARD', KEYS[i])
              if held + k > max then
                if k > max then return {i, -1} end
                local first = redis.call('ZRANGE', KEYS[i], held + k - max - 1, held + k - max - 1, 'WITHSCORES')
                return {i, math.max(1, tonumber(first[2]) - now)}
              end
            end
            local until_ = now + lapse
            for i = 1, n do
              for j = 1, k do
                redis.call('ZADD', KEYS[i], until_, ARGV[2 + n + j])
              end
              local last = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
              redis.call('PEXPIREAT', KEYS[i], math.max(until_, tonumber(last[2])))
            end
            return {0}
            """;

    /**
     * A token bucket. KEYS[1]: a hash {@code tokens} (a number, may be fractional), {@code at}
     * (Redis epoch ms of the last refill). ARGV[1]: burst (the bucket's size); ARGV[2]: ms per
     * token. Reply: {@code {1, 0}} a token was taken; {@code {0, ms}} none, ms until one is there.
     * A full bucket is what a missing key means, so the key expires once the bucket would be full
     * again.
     */
    static final String TAKE_TOKEN =
            """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local burst = tonumber(ARGV[1])
            local every = tonumber(ARGV[2])
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(b[1])
            local at = tonumber(b[2])
            if tokens == nil or at == nil then
              tokens = burst
              at = now
            end
            if now > at then
              tokens = math.min(burst, tokens + (now - at) / every)
              at = now
            end
            if tokens >= 1 then
              tokens = tokens - 1
              redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
              redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * every) + 1000)
              return {1, 0}
            end
            return {0, math.max(1, math.ceil((1 - tokens) * every))}
            """;

    /**
     * One more strike. KEYS[1]: the counter; ARGV[1]: its window, ms, set at the first strike.
     * Reply: {@code {count, ms until it is forgotten}}.
     */
    static final String STRIKE =
            """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return {n, redis.call('PTTL', KEYS[1])}
            """;
}
