package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.lock.redis.RedisSettings;
import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.TestRedisSession;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;

/**
 * The lock store failing while buyers pay, on one running server: Redis restarted empty, a fence
 * counter set back, a holder paused past its lease. The test crashes Redis from its own JVM and
 * looks into the server through {@link FaultProbe}: in every case exactly one booking survives, the
 * loser's payment is voided and the loser is told so. Uses free seats of flight SL404, rows 20-29.
 */
@ExtendWith(ArquillianExtension.class)
class RedisFaultsIT {

    private static final String FLIGHT = "SL404";
    private static final String PAUSE_HOOK = "seatlock.checkout.pause-before-write";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.seatLockWith(FaultProbe.class);
    }

    @ArquillianResource URL deployment;

    private PartnerApi alpha;
    private PartnerApi beta;

    @BeforeEach
    void partners() {
        alpha = new PartnerApi(deployment, PartnerApi.ALPHA_KEY);
        beta = alpha.as(PartnerApi.BETA_KEY);
    }

    @Test
    void aBuyerPayingWhileRedisRestartsEmptyLosesTheSeatToTheNextBuyerAndIsNotCharged()
            throws Exception {
        RedisServer redis = TestRedisSession.crashable().orElse(null);
        assumeTrue(redis != null, "the test Redis is not ours to restart (REDIS_URL is set)");
        List<String> free = freeSeats(2);
        String seat = free.get(0);
        List<String> earlierBookings = bookedSeats(seat);
        String first = created(alpha.hold(FLIGHT, seat)).getString("holdId");
        long firstToken = holdToken(first, seat);
        long[] paymentsBefore = payments();

        // The slow card is approved after 3 s; meanwhile Redis restarts and forgets every lease and
        // counter.
        CompletableFuture<Reply> paying =
                CompletableFuture.supplyAsync(
                        () -> alpha.confirm(first, PartnerApi.SLOW_CARD, seat));
        Thread.sleep(500);
        redis.restart();
        System.out.println("[fault] Redis restarted empty while a buyer was paying");
        String second = created(beta.hold(FLIGHT, seat)).getString("holdId");
        Reply secondBooking = beta.confirm(second, PartnerApi.APPROVED_CARD, seat);
        Reply firstBooking = paying.get(30, TimeUnit.SECONDS);

        assertThat(secondBooking.status())
                .as("the buyer after the restart: " + secondBooking)
                .isEqualTo(201);
        assertThat(firstBooking.status())
                .as("the buyer who paid through the restart: " + firstBooking)
                .isEqualTo(410);
        assertThat(firstBooking.json().getBoolean("paymentVoided")).as("paymentVoided").isTrue();
        long secondToken = holdToken(second, seat);
        assertThat(secondToken)
                .as("fencing token after the empty restart")
                .isGreaterThan(firstToken);
        assertThat(bookingsSince(earlierBookings, seat))
                .as("bookings of %s (state hold bookedToken holdToken)", seat)
                .containsExactly("active " + second + " " + secondToken + " " + secondToken);
        long[] paymentsAfter = payments();
        assertThat(paymentsAfter[1] - paymentsBefore[1]).as("captured").isEqualTo(1);
        assertThat(paymentsAfter[2] - paymentsBefore[2]).as("voided").isEqualTo(1);

        // Afterwards the restarted Redis sells as before, with tokens still growing.
        String third = created(alpha.hold(FLIGHT, free.get(1))).getString("holdId");
        assertThat(alpha.confirm(third, PartnerApi.APPROVED_CARD, free.get(1)).status())
                .as("a booking after the restart")
                .isEqualTo(201);
        assertThat(holdToken(third, free.get(1))).isGreaterThan(secondToken);
    }

    @Test
    void aFenceCounterThatWentBackIsReseededFromTheDatabaseSoTheNextBuyerCanBook()
            throws Exception {
        String seat = freeSeats(1).get(0);
        String seatId = FLIGHT + "/" + seat;
        List<String> earlierBookings = bookedSeats(seat);
        String fenceKey = RedisSettings.DEFAULT_KEY_PREFIX + "fence:seat:{" + FLIGHT + "}:" + seat;
        // The database saw a token an hour ahead of Redis' clock (a Redis whose clock ran ahead,
        // restarted with a correct clock) and Redis' counter is set back by hand.
        long highWaterMark = (System.currentTimeMillis() + 3_600_000L) * 1000L;
        probe("POST", "fence?seat=" + encode(seatId) + "&token=" + highWaterMark);
        try (UnifiedJedis redis =
                RedisSettings.fromUrl(System.getProperty(TestRedisSession.URL_PROPERTY))
                        .createClient()) {
            redis.set(fenceKey, "1");

            String refused = created(alpha.hold(FLIGHT, seat)).getString("holdId");
            assertThat(holdToken(refused, seat))
                    .as("token from the set-back counter")
                    .isLessThan(highWaterMark);
            Reply stale = alpha.confirm(refused, PartnerApi.APPROVED_CARD, seat);
            assertThat(stale.status())
                    .as("a write below the database's high-water mark: " + stale)
                    .isEqualTo(410);
            assertThat(stale.json().getBoolean("paymentVoided")).isTrue();
            assertThat(Long.parseLong(redis.get(fenceKey)))
                    .as("Redis' fence counter after the stale write")
                    .isGreaterThanOrEqualTo(highWaterMark);
            // The refused hold is over: its seat is back on sale at once, not at the end of the
            // hold time.
            assertThat(alpha.get("holds/" + refused).status())
                    .as("the refused hold, read again")
                    .isEqualTo(410);

            String next = created(beta.hold(FLIGHT, seat)).getString("holdId");
            long nextToken = holdToken(next, seat);
            Reply booked = beta.confirm(next, PartnerApi.APPROVED_CARD, seat);
            assertThat(nextToken).as("token after re-seeding").isGreaterThan(highWaterMark);
            assertThat(booked.status())
                    .as("the next buyer after re-seeding: " + booked)
                    .isEqualTo(201);
            assertThat(bookingsSince(earlierBookings, seat))
                    .containsExactly("active " + next + " " + nextToken + " " + nextToken);
        }
    }

    @Test
    void aHolderPausedPastItsLeaseIsRefusedAndNotChargedWhileTheNextBuyerKeepsTheSeat()
            throws Exception {
        String seat = freeSeats(1).get(0);
        long[] paymentsBefore = payments();
        List<String> earlierBookings = bookedSeats(seat);
        long heldAt = System.nanoTime();
        String paused =
                created(alpha.holdFor(Duration.ofSeconds(2), FLIGHT, seat)).getString("holdId");

        // Only this buyer pauses: the hook is read per confirmation, and switched off once it has
        // started.
        probe("POST", "property?name=" + PAUSE_HOOK + "&value=PT3S");
        long started = System.nanoTime();
        CompletableFuture<Reply> pausedBuyer;
        try {
            pausedBuyer =
                    CompletableFuture.supplyAsync(
                            () -> alpha.confirm(paused, PartnerApi.APPROVED_CARD, seat));
            Thread.sleep(800);
        } finally {
            probe("POST", "property?name=" + PAUSE_HOOK);
        }
        Thread.sleep(
                Math.max(0, 2_300 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heldAt)));
        String next = created(beta.hold(FLIGHT, seat)).getString("holdId");
        Reply nextBooking = beta.confirm(next, PartnerApi.APPROVED_CARD, seat);
        Reply late = pausedBuyer.get(30, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(nextBooking.status()).as("the next buyer: " + nextBooking).isEqualTo(201);
        assertThat(tookMillis).as("the paused buyer really paused").isGreaterThanOrEqualTo(3_000);
        assertThat(late.status()).as("the paused buyer: " + late).isEqualTo(410);
        assertThat(late.json().getBoolean("paymentVoided")).isTrue();
        long nextToken = holdToken(next, seat);
        assertThat(bookingsSince(earlierBookings, seat))
                .containsExactly("active " + next + " " + nextToken + " " + nextToken);
        long[] paymentsAfter = payments();
        assertThat(paymentsAfter[1] - paymentsBefore[1]).as("captured").isEqualTo(1);
        assertThat(paymentsAfter[2] - paymentsBefore[2]).as("voided").isEqualTo(1);
    }

    /**
     * Seats of rows 20-29 that are for sale now, in random order: the tests do not depend on each
     * other's order, nor on a fresh database (the Derby database of the test server outlives a run
     * without clean).
     */
    private List<String> freeSeats(int count) {
        List<String> free =
                new java.util.ArrayList<>(
                        alpha.seatStates(FLIGHT).entrySet().stream()
                                .filter(
                                        e ->
                                                e.getValue().equals("AVAILABLE")
                                                        && e.getKey().matches("2\\d[A-F]"))
                                .map(Map.Entry::getKey)
                                .toList());
        java.util.Collections.shuffle(free);
        assertThat(free)
                .as("free seats in rows 20-29 of " + FLIGHT)
                .hasSizeGreaterThanOrEqualTo(count);
        return free.subList(0, count);
    }

    private static jakarta.json.JsonObject created(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private long holdToken(String holdId, String seat) {
        return Long.parseLong(probe("GET", "hold-token?hold=" + holdId + "&seat=" + seat).trim());
    }

    /**
     * The seat's booking rows written since {@code earlier} was read. A free seat may carry
     * cancelled bookings of other tests (the browser tests book and cancel in rows 20-24), which
     * are not this test's.
     */
    private List<String> bookingsSince(List<String> earlier, String seat) {
        return bookedSeats(seat).stream().filter(line -> !earlier.contains(line)).toList();
    }

    private List<String> bookedSeats(String seat) {
        String lines = probe("GET", "booked-seats?seat=" + encode(FLIGHT + "/" + seat));
        return lines.isBlank() ? List.of() : List.of(lines.trim().split("\n"));
    }

    /** authorized, captured, voided. */
    private long[] payments() {
        return Arrays.stream(probe("GET", "payments").trim().split(" "))
                .mapToLong(Long::parseLong)
                .toArray();
    }

    private String probe(String method, String path) {
        URI uri =
                URI.create(deployment.toExternalForm().replaceAll("/?$", "/") + "it-probe/" + path);
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build();
        try {
            HttpResponse<String> response =
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as(method + " " + uri + ": " + response.body())
                    .isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
