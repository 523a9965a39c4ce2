package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.lock.redis.RedisSettings;
import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.TestRedisSession;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What SeatLock leaves in Redis, looked at from outside the server in the test Redis itself: holds
 * that are confirmed or released leave no key without an expiry behind, however many there are, and
 * the readiness check shows a maxmemory-policy that can evict leases. Uses free seats of flight
 * SL303, rows 25-30, and cancels the bookings it makes.
 */
@ExtendWith(ArquillianExtension.class)
class RedisKeyLifecycleIT {

    private static final String FLIGHT = "SL303";
    private static final int N = 10;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.seatLockWith();
    }

    @ArquillianResource URL deployment;

    private PartnerApi alpha;

    @BeforeEach
    void partner() {
        alpha = new PartnerApi(deployment, PartnerApi.ALPHA_KEY);
    }

    @Test
    void confirmedAndReleasedHoldsLeaveNoKeyWithoutExpiryHoweverManyThereAre() {
        List<String> free = freeSeats(3 * N);
        try (UnifiedJedis redis = testRedis()) {
            Set<String> before = keysWithoutExpiry(redis);
            List<String> first = holdConfirmOrRelease(free.subList(0, N));
            Set<String> afterN = keysWithoutExpiry(redis);
            List<String> second = holdConfirmOrRelease(free.subList(N, 3 * N));
            Set<String> after2N = keysWithoutExpiry(redis);

            Set<String> byN = added(before, afterN);
            Set<String> by2N = added(afterN, after2N);
            assertThat(byN)
                    .as("keys without expiry added by %d holds (half confirmed, half released)", N)
                    .isEmpty();
            assertThat(by2N).as("keys without expiry added by %d more holds", 2 * N).isEmpty();
            assertThat(by2N.size())
                    .as("growth with 2N holds against growth with N")
                    .isLessThanOrEqualTo(byN.size());

            String fenceKey =
                    RedisSettings.DEFAULT_KEY_PREFIX + "fence:seat:{" + FLIGHT + "}:" + free.get(0);
            assertThat(redis.pttl(fenceKey))
                    .as("TTL of the seat fence key %s, ms", fenceKey)
                    .isBetween(
                            Duration.ofDays(7).minusMinutes(10).toMillis(),
                            Duration.ofDays(7).toMillis());
            List<String> holds = new ArrayList<>(first);
            holds.addAll(second);
            for (String holdId : holds) {
                assertThat(
                                redis.exists(
                                        RedisSettings.DEFAULT_KEY_PREFIX
                                                + "fence:confirm:{"
                                                + holdId
                                                + "}"))
                        .as("fence key of the confirm lock of hold %s", holdId)
                        .isFalse();
            }
        }
    }

    @Test
    void readinessShowsAMaxmemoryPolicyThatCanEvictLeasesWithAWarningAndStaysUp() throws Exception {
        try (UnifiedJedis redis = testRedis()) {
            String before;
            try {
                before = redis.configGet("maxmemory-policy").get("maxmemory-policy");
            } catch (RuntimeException e) {
                assumeTrue(false, "the test Redis refuses CONFIG: " + e.getMessage());
                return;
            }
            JsonObject usual = lockStoreCheck();
            assertThat(usual.getString("status")).as(usual.toString()).isEqualTo("UP");
            assertThat(usual.getJsonObject("data").getString("maxmemory-policy"))
                    .as(usual.toString())
                    .isEqualTo(before);

            redis.configSet("maxmemory-policy", "volatile-lru");
            try {
                JsonObject evicting = lockStoreCheck();

                assertThat(evicting.getString("status")).as(evicting.toString()).isEqualTo("UP");
                JsonObject data = evicting.getJsonObject("data");
                assertThat(data.getString("maxmemory-policy"))
                        .as(evicting.toString())
                        .isEqualTo("volatile-lru");
                assertThat(data.getString("warning", ""))
                        .as("warning of " + evicting)
                        .contains("volatile-lru", "exactly SeatLock's leases", "noeviction");
            } finally {
                redis.configSet("maxmemory-policy", before);
            }
            assertThat(lockStoreCheck().getJsonObject("data").containsKey("warning"))
                    .as("warning once restored")
                    .isFalse();
        }
    }

    /**
     * What one hold and one booking send to Redis, counted by Redis itself ({@code INFO
     * commandstats} after {@code CONFIG RESETSTAT}), against the design: a hold of two seats is one
     * acquire script, nothing else; a booking of one seat is the confirmation lock, the hold's
     * lease checked before payment and again at the booking's commit, and two releases (the sold
     * seats', the confirmation lock's). Fails when a change adds a round trip or a command.
     */
    @Test
    void aHoldIsOneLockRoundTripAndSixInAllAndABookingFiveAndTwelveInAll() {
        List<String> free = freeSeats(4);
        try (UnifiedJedis redis = testRedis()) {
            // Warm-up: scripts loaded, connections made.
            Reply warm = alpha.hold(FLIGHT, free.get(3));
            assertThat(warm.status()).as(warm.toString()).isEqualTo(201);
            Reply warmBooking =
                    alpha.confirm(
                            warm.json().getString("holdId"), PartnerApi.APPROVED_CARD, free.get(3));
            assertThat(warmBooking.status()).as(warmBooking.toString()).isEqualTo(201);

            redis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
            Reply hold = alpha.hold(FLIGHT, free.get(0), free.get(1));
            Map<String, Long> ofHold = commandCalls(redis);
            assertThat(hold.status()).as(hold.toString()).isEqualTo(201);

            Reply single = alpha.hold(FLIGHT, free.get(2));
            assertThat(single.status()).as(single.toString()).isEqualTo(201);
            redis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
            Reply booking =
                    alpha.confirm(
                            single.json().getString("holdId"),
                            PartnerApi.APPROVED_CARD,
                            free.get(2));
            Map<String, Long> ofBooking = commandCalls(redis);
            assertThat(booking.status()).as(booking.toString()).isEqualTo(201);

            // Round trips (each EVALSHA is one, every other command outside a script one more):
            // hold = the lock's acquire (GET lock and fence of each seat, TIME, SET fence and lock)
            // + the partner's and the address's rate buckets (HMGET, HSET, PEXPIRE, TIME each)
            // + the held-seat reservation (TIME, ZREMRANGEBYSCORE, ZCARD, ZRANGE, ZADD, PEXPIREAT
            // on
            // the per-flight and the total set) + the reservation's record (SET) + the seat change
            // event (PUBLISH): 4 EVALSHA, 1 SET, 1 PUBLISH.
            SoftAssertions counts = new SoftAssertions();
            counts.assertThat(ofHold)
                    .as("Redis commands of one hold of two seats (evalsha = round trips)")
                    .isEqualTo(
                            Map.ofEntries(
                                    Map.entry("evalsha", 4L),
                                    Map.entry("get", 4L),
                                    Map.entry("hmget", 2L),
                                    Map.entry("hset", 2L),
                                    Map.entry("pexpire", 2L),
                                    Map.entry("pexpireat", 2L),
                                    Map.entry("publish", 1L),
                                    Map.entry("set", 5L),
                                    Map.entry("time", 4L),
                                    Map.entry("zadd", 4L),
                                    Map.entry("zcard", 2L),
                                    Map.entry("zrange", 2L),
                                    Map.entry("zremrangebyscore", 2L)));
            // booking = the lock's five (confirmation lock; the hold's lease before payment and at
            // commit; release of the sold seats and of the lock, each with its PUBLISH notice) +
            // the
            // two rate buckets + giving the reservation back (GET record, ZREM per set, DEL record)
            // + the seat change event (PUBLISH): 7 EVALSHA, 1 GET, 2 ZREM, 1 DEL, 1 PUBLISH.
            counts.assertThat(ofBooking)
                    .as("Redis commands of one booking of one seat (evalsha = round trips)")
                    .isEqualTo(
                            Map.ofEntries(
                                    Map.entry("del", 3L),
                                    Map.entry("evalsha", 7L),
                                    Map.entry("get", 6L),
                                    Map.entry("hmget", 2L),
                                    Map.entry("hset", 2L),
                                    Map.entry("pexpire", 2L),
                                    Map.entry("publish", 3L),
                                    Map.entry("set", 1L),
                                    Map.entry("time", 2L),
                                    Map.entry("zrem", 2L)));
            counts.assertAll();

            for (Reply b : List.of(warmBooking, booking)) {
                alpha.delete("bookings/" + b.json().getString("reference"));
            }
            alpha.delete("holds/" + hold.json().getString("holdId"));
        }
    }

    /**
     * Calls per command since the last {@code CONFIG RESETSTAT}, without this test's own {@code
     * CONFIG} and {@code INFO}, the release notices' heartbeat {@code SUBSCRIBE} and any {@code
     * PING} (a pool checking an idle connection; not part of a hold).
     */
    private static Map<String, Long> commandCalls(UnifiedJedis redis) {
        Map<String, Long> calls = new java.util.TreeMap<>();
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String command = line.substring("cmdstat_".length(), line.indexOf(':'));
            if (command.startsWith("config")
                    || command.equals("info")
                    || command.equals("subscribe")
                    || command.equals("ping")) {
                continue;
            }
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                if (field.startsWith("calls=")) {
                    calls.put(command, Long.parseLong(field.substring("calls=".length())));
                }
            }
        }
        return calls;
    }

    /**
     * Holds each seat alone; confirms every other hold (and cancels the booking), releases the
     * rest.
     */
    private List<String> holdConfirmOrRelease(List<String> seats) {
        List<String> holdIds = new ArrayList<>();
        for (int i = 0; i < seats.size(); i++) {
            String seat = seats.get(i);
            Reply hold = alpha.hold(FLIGHT, seat);
            assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
            String holdId = hold.json().getString("holdId");
            holdIds.add(holdId);
            if (i % 2 == 0) {
                Reply booking = alpha.confirm(holdId, PartnerApi.APPROVED_CARD, seat);
                assertThat(booking.status()).as(booking.toString()).isEqualTo(201);
                Reply cancel = alpha.delete("bookings/" + booking.json().getString("reference"));
                assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
            } else {
                Reply release = alpha.delete("holds/" + holdId);
                assertThat(release.status()).as(release.toString()).isEqualTo(204);
            }
        }
        return holdIds;
    }

    private static Set<String> keysWithoutExpiry(UnifiedJedis redis) {
        Set<String> keys = new TreeSet<>();
        ScanParams params =
                new ScanParams().match(RedisSettings.DEFAULT_KEY_PREFIX + "*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            for (String key : page.getResult()) {
                if (redis.pttl(key) == -1) {
                    keys.add(key);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    private static Set<String> added(Set<String> before, Set<String> after) {
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        return added;
    }

    private static UnifiedJedis testRedis() {
        return RedisSettings.fromUrl(System.getProperty(TestRedisSession.URL_PROPERTY))
                .createClient();
    }

    /** The {@code lock-store} check of {@code /health/ready}. */
    private JsonObject lockStoreCheck() throws Exception {
        URI readiness = URI.create(deployment.toExternalForm()).resolve("/health/ready");
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            for (JsonValue check : reader.readObject().getJsonArray("checks")) {
                if (check.asJsonObject().getString("name").equals("lock-store")) {
                    return check.asJsonObject();
                }
            }
        }
        throw new AssertionError("no lock-store check in " + response.body());
    }

    private List<String> freeSeats(int count) {
        List<String> free =
                new ArrayList<>(
                        alpha.seatStates(FLIGHT).entrySet().stream()
                                .filter(
                                        e ->
                                                e.getValue().equals("AVAILABLE")
                                                        && e.getKey().matches("(2[5-9]|30)[A-F]"))
                                .map(Map.Entry::getKey)
                                .toList());
        Collections.shuffle(free);
        assertThat(free)
                .as("free seats in rows 25-30 of " + FLIGHT)
                .hasSizeGreaterThanOrEqualTo(count);
        return free.subList(0, count);
    }
}
