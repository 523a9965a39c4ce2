package dev.seatlock.limits.redis;

import dev.seatlock.domain.hold.HeldSeatLimitException;
import dev.seatlock.domain.hold.HeldSeats;
import dev.seatlock.domain.hold.SeatAllowance;
import dev.seatlock.limits.RateLimit;
import dev.seatlock.limits.RateLimiter;
import dev.seatlock.limits.Strikes;
import dev.seatlock.lock.LockStoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The abuse limits in Redis, shared by every server: held seats per owner ({@link HeldSeats}),
 * token buckets ({@link RateLimiter}) and strike counters ({@link Strikes}), each a Lua script of
 * {@link LimitScripts} on Redis' clock. Keys (prefix {@code seatlock:}), all with an expiry:
 *
 * <ul>
 *   <li>{@code limit:seats:{<subject>}} and {@code limit:seats:{<subject>}:<flight>}: sorted sets
 *       of held seats, scored by when each stops counting; the hash tag puts one subject's keys in
 *       one Cluster slot, so a partner's per-flight and total caps are checked in one script;
 *   <li>{@code limit:hold:{<holdId>}}: which seat sets a hold counts in, to give them back;
 *   <li>{@code limit:rate:<limit>:{<subject>}}: a token bucket;
 *   <li>{@code limit:strikes:{<subject>}}: a strike counter.
 * </ul>
 *
 * <p>A hold with allowances of different subjects (a session and a client address) reserves in one
 * script per subject, one after the other, and undoes what it reserved when a later one refuses:
 * each reservation is atomic, so an owner's count is never exceeded, only briefly overstated. Every
 * reservation carries the time it stops counting, so one that a dead server left behind lapses with
 * the lease it was made for.
 *
 * <p>Every Redis failure becomes a {@link LockStoreUnavailableException}: the callers decide per
 * limit whether that refuses the request or lets it pass (README "Abuse limits").
 */
public final class RedisLimits implements HeldSeats, RateLimiter, Strikes {

    private static final Logger LOG = Logger.getLogger(RedisLimits.class.getName());

    private final UnifiedJedis client;
    private final String prefix;
    private final String storeDescription;

    /**
     * After a token bucket could not be asked, the next ones are not asked either for {@link
     * #RATE_PAUSE_AFTER_FAILURE}: the rate limits fail open, and a frozen Redis must not add its
     * socket time-out to every request, twice.
     */
    static final Duration RATE_PAUSE_AFTER_FAILURE = Duration.ofSeconds(2);

    private volatile long ratesPausedUntilNanos = System.nanoTime();

    /**
     * @param client a pooled client; not closed here
     * @param prefix prefix of every key, e.g. {@code seatlock:}
     * @param storeDescription named in a {@link LockStoreUnavailableException}; no password
     */
    public RedisLimits(UnifiedJedis client, String prefix, String storeDescription) {
        this.client = Objects.requireNonNull(client, "client");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.storeDescription = Objects.requireNonNull(storeDescription, "storeDescription");
    }

    @Override
    public void reserve(
            String holdId, int seats, List<SeatAllowance> allowances, Duration lapseAfter) {
        if (allowances.isEmpty()) {
            return;
        }
        Map<String, List<SeatAllowance>> bySubject = new LinkedHashMap<>();
        for (SeatAllowance allowance : allowances) {
            bySubject.computeIfAbsent(allowance.subject(), s -> new ArrayList<>()).add(allowance);
        }
        List<String> members = members(holdId, seats);
        List<String> keys = new ArrayList<>();
        for (SeatAllowance allowance : allowances) {
            keys.add(seatKey(allowance));
        }
        String record = holdKey(holdId);
        long lapseMillis = Math.max(1, lapseAfter.toMillis());
        // First the record, so that whatever is reserved can be given back from anywhere.
        call(
                "record hold " + holdId,
                () ->
                        client.set(
                                record,
                                seats + "\n" + String.join("\n", keys),
                                SetParams.setParams().px(lapseMillis)));
        List<List<String>> reserved = new ArrayList<>();
        for (List<SeatAllowance> group : bySubject.values()) {
            List<String> groupKeys = group.stream().map(this::seatKey).toList();
            List<String> args = new ArrayList<>();
            args.add(Long.toString(lapseMillis));
            args.add(Integer.toString(seats));
            group.forEach(a -> args.add(Integer.toString(a.maxSeats())));
            args.addAll(members);
            List<?> reply =
                    (List<?>)
                            call(
                                    "reserve seats of hold " + holdId,
                                    () -> run(LimitScripts.RESERVE, groupKeys, args));
            long refusedBy = ((Number) reply.get(0)).longValue();
            if (refusedBy != 0) {
                long waitMillis = ((Number) reply.get(1)).longValue();
                reserved.forEach(done -> remove(done, members));
                delete(record);
                SeatAllowance refusing = group.get((int) refusedBy - 1);
                throw new HeldSeatLimitException(
                        refusing, waitMillis < 0 ? lapseAfter : Duration.ofMillis(waitMillis));
            }
            reserved.add(groupKeys);
        }
    }

    @Override
    public void giveBack(String holdId) {
        try {
            String record = holdKey(holdId);
            Object value = call("read hold " + holdId, () -> client.get(record));
            if (value == null) {
                return;
            }
            String[] lines = value.toString().split("\n");
            List<String> members = members(holdId, Integer.parseInt(lines[0]));
            List<String> keys = List.of(lines).subList(1, lines.length);
            for (String key : keys) {
                remove(List.of(key), members);
            }
            delete(record);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Could not give back the held seats of hold {0} ({1}); they stop counting when its"
                            + " lease would have ended",
                    new Object[] {holdId, e.getMessage()});
        }
    }

    @Override
    public Optional<Duration> tryTake(RateLimit limit, String subject) {
        if (System.nanoTime() - ratesPausedUntilNanos < 0) {
            throw new LockStoreUnavailableException(
                    "Redis (" + storeDescription + ") failed a moment ago; rate limits paused",
                    null);
        }
        String key = prefix + "limit:rate:" + shortName(limit.name()) + ":{" + subject + "}";
        List<String> args =
                List.of(Integer.toString(limit.burst()), Long.toString(limit.refill().toMillis()));
        List<?> reply;
        try {
            reply =
                    (List<?>)
                            call(
                                    "rate limit " + limit.name(),
                                    () -> run(LimitScripts.TAKE_TOKEN, List.of(key), args));
        } catch (LockStoreUnavailableException e) {
            ratesPausedUntilNanos = System.nanoTime() + RATE_PAUSE_AFTER_FAILURE.toNanos();
            throw e;
        }
        if (((Number) reply.get(0)).longValue() == 1) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(((Number) reply.get(1)).longValue()));
    }

    @Override
    public Count add(String subject, Duration window) {
        String key = strikeKey(subject);
        List<?> reply =
                (List<?>)
                        call(
                                "count a strike",
                                () ->
                                        run(
                                                LimitScripts.STRIKE,
                                                List.of(key),
                                                List.of(
                                                        Long.toString(
                                                                Math.max(1, window.toMillis())))));
        return new Count(
                ((Number) reply.get(0)).longValue(),
                Duration.ofMillis(Math.max(0, ((Number) reply.get(1)).longValue())));
    }

    @Override
    public Count count(String subject) {
        String key = strikeKey(subject);
        Object value = call("read strikes", () -> client.get(key));
        if (value == null) {
            return new Count(0, Duration.ZERO);
        }
        long ttl = ((Number) call("read strikes", () -> client.pttl(key))).longValue();
        return new Count(Long.parseLong(value.toString()), Duration.ofMillis(Math.max(0, ttl)));
    }

    private String seatKey(SeatAllowance allowance) {
        String key = prefix + "limit:seats:{" + allowance.subject() + "}";
        return allowance.flight().map(flight -> key + ":" + flight.value()).orElse(key);
    }

    private String holdKey(String holdId) {
        return prefix + "limit:hold:{" + holdId + "}";
    }

    private String strikeKey(String subject) {
        return prefix + "limit:strikes:{" + subject + "}";
    }

    /** {@code seatlock.limits.api.partner} → {@code api.partner}. */
    private static String shortName(String limit) {
        return limit.startsWith("seatlock.limits.")
                ? limit.substring("seatlock.limits.".length())
                : limit;
    }

    private static List<String> members(String holdId, int seats) {
        List<String> members = new ArrayList<>(seats);
        for (int i = 1; i <= seats; i++) {
            members.add(holdId + "#" + i);
        }
        return members;
    }

    private void remove(List<String> keys, List<String> members) {
        String[] memberArray = members.toArray(String[]::new);
        for (String key : keys) {
            call("give back held seats", () -> client.zrem(key, memberArray));
        }
    }

    private void delete(String key) {
        call("delete " + key, () -> client.del(key));
    }

    private Object call(String what, Supplier<Object> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new LockStoreUnavailableException(
                    "Redis (" + storeDescription + ") did not answer to " + what, e);
        }
    }

    private final Map<String, String> shas = new ConcurrentHashMap<>();

    /**
     * Runs a script by its SHA-1 (EVALSHA: the script's text is not sent each time), loading it
     * first when Redis does not know it (NOSCRIPT: restarted, flushed, failed over).
     */
    private Object run(String script, List<String> keys, List<String> args) {
        String sha = shas.computeIfAbsent(script, RedisLimits::sha1);
        try {
            return client.evalsha(sha, keys, args);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
            }
            client.scriptLoad(script, keys.get(0));
            return client.evalsha(sha, keys, args);
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-1")
                                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JVM", e);
        }
    }
}
