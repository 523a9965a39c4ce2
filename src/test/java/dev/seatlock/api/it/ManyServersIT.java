package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.infrastructure.payment.SimulatedPaymentGateway;
import dev.seatlock.lock.redis.RedisSettings;
import dev.seatlock.testing.CommitCuttingProxy;
import dev.seatlock.testing.DelayProxy;
import dev.seatlock.testing.HaproxyBalancer;
import dev.seatlock.testing.LibertyProcess;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import dev.seatlock.testing.TestLimits;
import dev.seatlock.testing.ThrowawayPostgres;
import dev.seatlock.web.it.Browser;
import dev.seatlock.web.it.SeatLockPages;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Cookie;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Two Liberty servers running the same WAR against one Redis and one PostgreSQL, both of the test's
 * own: what one server changed, read at once on the other; a booking COMMIT whose reply is lost
 * (server B reaches PostgreSQL through a {@link CommitCuttingProxy}); a capture the acquirer
 * refuses a few times; the database stopped while a buyer pays; many buyers at once on both servers
 * while Redis is restarted empty, killed and frozen, then a history check ({@link SaleHistory})
 * with the money settled ({@link PaymentBooks}); and last, server A killed between a booking's
 * commit and its capture, settled by B. Skipped, with a message, without PostgreSQL's binaries.
 * Ports: {@code it.faults.ports} (default 9580,9581; HTTPS 9981,9982; PostgreSQL 9932). The run's
 * length: {@code seatlock.soak.seconds} (default 30).
 *
 * <p>Before the soak, the same two servers behind the repository's HAProxy configuration ({@link
 * HaproxyBalancer}, on a free port): two browsers sticky to different servers racing for a seat; a
 * server whose Redis is unreachable (server B reaches Redis through a {@link DelayProxy} that the
 * test cuts; it passes everything through otherwise) leaving the pool; server B stopped while
 * partners call and a buyer pays. Those tests skip, with a message, without {@code haproxy} (a
 * failure on CI).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyServersIT {

    private static final String SOAK_FLIGHT = "SL101";
    private static final String OUTAGE_FLIGHT = "SL303";

    /** Free seats of the tests below, a row each, so that they do not meet. */
    private static final String MONEY_FLIGHT = "SL202";

    /**
     * The tests through the load balancer: browsers on rows 10 to 19, partners on rows 25 to 30.
     */
    private static final String BALANCER_FLIGHT = "SL404";

    private static final Path BALANCER_CONFIG = Path.of("deploy", "haproxy", "haproxy.cfg");

    private static ThrowawayPostgres postgres;
    private static CommitCuttingProxy databaseProxy;
    private static RedisServer redis;
    private static DelayProxy redisForB;
    private static HaproxyBalancer balancer;
    private static LibertyProcess serverA;
    private static LibertyProcess serverB;

    @BeforeAll
    static void startEverything() {
        Optional<Path> pgBin = ThrowawayPostgres.binaries();
        assumeTrue(
                pgBin.isPresent(),
                "Two-server fault tests skipped: no PostgreSQL binaries in /usr/lib/postgresql/*/bin"
                        + " (apt-get install postgresql; .ci/run installs it)");
        String[] ports = System.getProperty("it.faults.ports", "9580,9581").split(",");
        int portA = Integer.parseInt(ports[0].trim());
        int portB = Integer.parseInt(ports[1].trim());
        postgres =
                ThrowawayPostgres.start(pgBin.get(), Integer.getInteger("it.faults.pg.port", 9932));
        redis = RedisServers.startCrashable();
        // Server B reaches PostgreSQL through a proxy that can lose a COMMIT's reply; it passes
        // everything otherwise.
        databaseProxy = CommitCuttingProxy.to("127.0.0.1", postgres.port());
        Map<String, String> database =
                Map.of(
                        "db.kind",
                        "postgresql",
                        "db.url",
                        postgres.jdbcUrl(),
                        "db.user",
                        "seatlock",
                        "db.password",
                        "seatlock");
        Map<String, String> databaseThroughProxy = new java.util.HashMap<>(database);
        databaseThroughProxy.put("db.url", databaseProxy.jdbcUrl("seatlock"));
        // And Redis through one that the balancer test cuts (its readiness then goes DOWN); it
        // passes everything through otherwise, Redis' own restarts, kills and freezes in the soak
        // included.
        redisForB = DelayProxy.to(redis.host(), redis.port());
        // A reconciler that runs every second and voids what has no booking after 20 s (the hold
        // TTL is 30 s).
        Map<String, String> environment = new java.util.HashMap<>();
        // The soak and the races make many holds and calls from one partner and one address: the
        // abuse limits (README "Abuse limits") wide open, as on the Arquillian test server.
        environment.putAll(TestLimits.WIDE_OPEN_ENVIRONMENT);
        environment.putAll(
                Map.of(
                        "REDIS_URL",
                        redis.url(),
                        "SEATLOCK_REDIS_EMBEDDED",
                        "never",
                        "SEATLOCK_HOLD_TTL",
                        "PT30S",
                        "SEATLOCK_PAYMENT_SLOW_APPROVAL",
                        "PT2.5S",
                        "SEATLOCK_PAYMENT_RECONCILE_EVERY",
                        "PT1S",
                        "SEATLOCK_PAYMENT_VOID_AFTER",
                        "PT20S",
                        "SEATLOCK_PAYMENT_CAPTURE_AFTER",
                        "PT2S",
                        "SEATLOCK_PAYMENT_BACKOFF_MAX",
                        "PT2S"));
        serverA =
                LibertyProcess.create(
                        "seatlock-faults-a", portA, portA + 401, database, environment);
        Map<String, String> environmentOfB = new java.util.HashMap<>(environment);
        environmentOfB.put("REDIS_URL", redisForB.redisUrl());
        serverB =
                LibertyProcess.create(
                        "seatlock-faults-b",
                        portB,
                        portB + 401,
                        databaseThroughProxy,
                        environmentOfB);
        // One after the other: the first creates the schema and the demo flights.
        serverA.start(Duration.ofSeconds(240));
        serverB.start(Duration.ofSeconds(240));
        balancer =
                HaproxyBalancer.binary()
                        .map(
                                haproxy ->
                                        HaproxyBalancer.start(
                                                haproxy, BALANCER_CONFIG, portA, portB))
                        .orElse(null);
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable closeable :
                new AutoCloseable[] {
                    balancer, serverA, serverB, redisForB, redis, databaseProxy, postgres
                }) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("[many-servers] could not stop " + closeable + ": " + e);
                }
            }
        }
    }

    @Test
    @Order(8)
    void buyersOnTwoServersWhileRedisFailsNeverGetOneSeatSoldTwice() throws Exception {
        Duration length = Duration.ofSeconds(Long.getLong("seatlock.soak.seconds", 30));
        List<String> seats =
                new PartnerApi(serverA.url(), PartnerApi.ALPHA_KEY)
                        .seatStates(SOAK_FLIGHT).keySet().stream().limit(12).toList();
        SaleHistory history = new SaleHistory(SOAK_FLIGHT, seats, List.of(serverA, serverB), redis);

        history.run(Integer.getInteger("seatlock.soak.buyers", 10), length, Duration.ofSeconds(6));

        // Redis may have been left frozen or dead by the last fault; the checks read it.
        redis.start();
        List<String> violations = new ArrayList<>();
        try (Connection db = postgres.connect();
                UnifiedJedis client = RedisSettings.fromUrl(redis.url()).createClient()) {
            violations.addAll(history.check(db));
            violations.addAll(locksWithoutExpiry(client));
        }
        // And the money: every payment of the run (and of the tests before it) captured once with
        // its booking, or voided without one.
        violations.addAll(moneyViolations());
        System.out.println(history.summary(violations));
        assertThat(violations).as("violations of the sale invariants").isEmpty();
        assertThat(history.confirmed())
                .as("confirmed bookings: the run really sold seats")
                .isGreaterThan(3);
        // One every 6 s plus the fault's own length (up to 1.5 s) and Redis' restart.
        assertThat(history.faults())
                .as("faults injected")
                .isGreaterThanOrEqualTo(Math.max(1, length.toSeconds() / 10));
    }

    @Test
    @Order(1)
    void everyServerAnswersWithWhatAnotherServerJustChanged() throws Exception {
        PartnerApi onA = new PartnerApi(serverA.url(), PartnerApi.ALPHA_KEY);
        PartnerApi onB = new PartnerApi(serverB.url(), PartnerApi.ALPHA_KEY);

        String released = holdId(onA.hold(MONEY_FLIGHT, "20A"));
        assertThat(onA.get("holds/" + released).status()).as("read on A first").isEqualTo(200);
        assertThat(onB.delete("holds/" + released).status()).as("released on B").isEqualTo(204);
        assertThat(onA.get("holds/" + released).status())
                .as("a hold released on B, read on A")
                .isEqualTo(410);

        String confirmed = holdId(onA.hold(MONEY_FLIGHT, "21A"));
        assertThat(statusField(onB.get("holds/" + confirmed)))
                .as("read on B first")
                .isEqualTo("ACTIVE");
        Reply booked = onA.confirm(confirmed, PartnerApi.APPROVED_CARD, "21A");
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        assertThat(statusField(onB.get("holds/" + confirmed)))
                .as("a hold confirmed on A, read on B")
                .isEqualTo("CONFIRMED");

        String reference = booked.json().getString("reference");
        assertThat(statusField(onB.get("bookings/" + reference)))
                .as("read on B first")
                .isEqualTo("CONFIRMED");
        assertThat(onA.delete("bookings/" + reference).status())
                .as("cancelled on A")
                .isEqualTo(204);
        assertThat(statusField(onB.get("bookings/" + reference)))
                .as("a booking cancelled on A, read on B")
                .isEqualTo("CANCELLED");

        // The slow card is approved after 2.5 s: the retry on B arrives while A is still paying.
        String paying = holdId(onA.hold(MONEY_FLIGHT, "22A"));
        String path = "holds/" + paying + "/confirmation";
        String body = PartnerApi.confirmationBody(PartnerApi.SLOW_CARD, "22A");
        String key = UUID.randomUUID().toString();
        CompletableFuture<Reply> first =
                CompletableFuture.supplyAsync(() -> onA.post(path, body, key));
        Thread.sleep(700);
        Reply whilePaying = onB.post(path, body, key);
        Reply answered = first.get(30, TimeUnit.SECONDS);
        Reply afterwards = onB.post(path, body, key);
        assertThat(whilePaying.status())
                .as("a retry on B while A is paying: " + whilePaying)
                .isEqualTo(409);
        assertThat(answered.status()).as(answered.toString()).isEqualTo(201);
        assertThat(afterwards.status())
                .as("a retry on B after A answered 201: " + afterwards)
                .isEqualTo(201);
        assertThat(afterwards.headers().firstValue("Idempotency-Key-Replayed"))
                .as("replayed")
                .contains("true");
        assertThat(afterwards.json().getString("reference"))
                .isEqualTo(answered.json().getString("reference"));
    }

    @Test
    @Order(2)
    void aBookingWhoseCommitReplyIsLostIsFoundCommittedAndChargedOnce() throws Exception {
        PartnerApi onB = new PartnerApi(serverB.url(), PartnerApi.ALPHA_KEY);
        for (String seat : List.of("23A", "24A", "25A")) {
            String holdId = holdId(onB.hold(MONEY_FLIGHT, seat));
            String path = "holds/" + holdId + "/confirmation";
            String body = PartnerApi.confirmationBody(PartnerApi.APPROVED_CARD, seat);
            String key = UUID.randomUUID().toString();

            databaseProxy.arm("INSERT INTO BOOKING (");
            Reply reply = onB.post(path, body, key);
            assertThat(databaseProxy.awaitCut(Duration.ofSeconds(10)))
                    .as("the proxy lost the booking COMMIT's reply")
                    .isTrue();

            System.out.println("[in-doubt] " + seat + ": " + reply.status() + " " + reply.body());
            assertThat(reply.status())
                    .as("never 'nothing booked' for a booking that stands: " + reply)
                    .isIn(201, 503);
            if (reply.status() == 503) {
                assertThat(reply.json().getString("type"))
                        .as(reply.toString())
                        .endsWith("booking-outcome-unknown");
                reply = onB.post(path, body, key);
                assertThat(reply.status())
                        .as("the retry with the same key learns the outcome: " + reply)
                        .isEqualTo(201);
            }
            String reference = reply.json().getString("reference");
            try (Connection db = postgres.connect()) {
                assertThat(PaymentBooks.bookingsOfHold(db, holdId))
                        .as("bookings of hold " + holdId)
                        .isEqualTo(1);
            }
            PaymentBooks.Settlement paid = awaitSettled(holdId);
            assertThat(paid.state()).as(paid.toString()).isEqualTo("CAPTURED");
            assertThat(paid.bookingReference()).isEqualTo(reference);
            assertThat(paid.captures()).as("captures at the acquirer").isEqualTo(1);
        }
    }

    @Test
    @Order(3)
    void aCaptureTheAcquirerRefusesAFewTimesIsRetriedUntilTakenExactlyOnce() throws Exception {
        PartnerApi onA = new PartnerApi(serverA.url(), PartnerApi.ALPHA_KEY);
        String holdId = holdId(onA.hold(MONEY_FLIGHT, "26A"));
        Reply booked = onA.confirm(holdId, SimulatedPaymentGateway.FLAKY_CAPTURE, "26A");
        assertThat(booked.status())
                .as("the booking stands whatever the capture does: " + booked)
                .isEqualTo(201);
        try (Connection db = postgres.connect()) {
            assertThat(PaymentBooks.ofHold(db, holdId))
                    .as("the request's capture was refused")
                    .extracting(PaymentBooks.Settlement::state)
                    .containsExactly("AUTHORIZED");
        }

        PaymentBooks.Settlement paid = awaitSettled(holdId);
        assertThat(paid.state()).as(paid.toString()).isEqualTo("CAPTURED");
        assertThat(paid.captures()).as("captures at the acquirer").isEqualTo(1);
        assertThat(
                        onA.get("bookings/" + booked.json().getString("reference"))
                                .json()
                                .getString("status"))
                .isEqualTo("CONFIRMED");
    }

    @Test
    @Order(4)
    void aDatabaseStoppedWhileABuyerPaysIsAnswered503AndTheRetryBooksOnce() throws Exception {
        PartnerApi alpha = new PartnerApi(serverA.url(), PartnerApi.ALPHA_KEY);
        String seat = "7A";
        Reply hold = alpha.hold(OUTAGE_FLIGHT, seat);
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        String holdId = hold.json().getString("holdId");

        // The slow card is approved after 2.5 s; the database (which the simulated acquirer shares)
        // stops meanwhile.
        CompletableFuture<Reply> paying =
                CompletableFuture.supplyAsync(
                        () -> alpha.confirm(holdId, PartnerApi.SLOW_CARD, seat));
        Thread.sleep(1_000);
        postgres.stop();
        System.out.println("[fault] PostgreSQL stopped while a buyer was paying");
        Reply outage;
        try {
            outage = paying.get(60, TimeUnit.SECONDS);
        } finally {
            postgres.start();
        }

        assertThat(outage.status()).as(outage.toString()).isEqualTo(503);
        assertThat(outage.contentType()).startsWith("application/problem+json");
        assertThat(outage.json().getString("type"))
                .as(outage.toString())
                .matches(".*(payment-unavailable|database-unavailable|booking-outcome-unknown)");
        assertThat(outage.headers().firstValue("Retry-After")).isPresent();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (serverA.status("health/ready") != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        try (Connection db = postgres.connect()) {
            assertThat(PaymentBooks.bookingsOfHold(db, holdId))
                    .as("bookings of the hold after the outage")
                    .isZero();
        }

        // The hold outlived the outage: the buyer pays again, once, and gets the seat; the first
        // attempt is closed by the reconciler (checked with every other payment at the end of the
        // soak).
        Reply retry = alpha.confirm(holdId, PartnerApi.APPROVED_CARD, seat);
        assertThat(retry.status()).as("retry once the database is back: " + retry).isEqualTo(201);
        assertThat(alpha.seatStates(OUTAGE_FLIGHT)).containsEntry(seat, "SOLD");
    }

    @Test
    @Order(5)
    void twoBrowsersOnDifferentServersRaceForOneSeatThroughTheBalancerAndTheLoserSeesItTakenLive() {
        requireBalancer();
        awaitBothUp();
        try (Browser first = new Browser();
                Browser second = new Browser()) {
            SeatLockPages alice = new SeatLockPages(first, balancer.url());
            SeatLockPages bob = new SeatLockPages(second, balancer.url());
            stickTo(first, "s1");
            stickTo(second, "s2");
            alice.openSeatMap(BALANCER_FLIGHT);
            String seat = alice.freeSeats(10, 14, "ABCDEF").get(0);
            bob.openSeatMap(BALANCER_FLIGHT);
            second.markDocument();
            bob.toggleSeat(seat);
            alice.toggleSeat(seat);

            alice.holdSeats();
            assertThat(alice.onPage("checkout.xhtml"))
                    .as(
                            "the first buyer (server A) reaches checkout, not "
                                    + first.driver().getTitle())
                    .isTrue();

            // Server B learns of A's hold from Redis (its seat map poller) and pushes it over the
            // websocket that HAProxy passes through.
            second.waitUntil(Duration.ofSeconds(5), d -> "held".equals(bob.seatState(seat)));
            assertThat(second.sameDocument())
                    .as("the seat map on server B changed without a reload")
                    .isTrue();
            assertThat(second.find("#seat-" + seat).isSelected())
                    .as("the taken seat is no longer selected")
                    .isFalse();
            assertThat(second.text("#seat-taken"))
                    .as("live notice")
                    .isEqualTo(seat + " was just taken — choose another seat.");

            // The second buyer presses Hold on a map that had not caught up yet: server B says no.
            second.script(
                    "const box = document.getElementById('seat-' + arguments[0]); box.disabled = false; box.checked = true;",
                    seat);
            bob.holdSeats();
            assertThat(bob.onPage("seat-map.xhtml"))
                    .as("the second buyer stays on the seat map")
                    .isTrue();
            assertThat(bob.messages())
                    .as("message to the second buyer")
                    .contains(seat + " was just taken — choose another seat");
            assertThat(serverOf(first)).as("the first browser stayed on server A").isEqualTo("s1");
            assertThat(serverOf(second))
                    .as("the second browser stayed on server B")
                    .isEqualTo("s2");
            assertThat(
                            new PartnerApi(balancer.url(), PartnerApi.ALPHA_KEY)
                                    .seatStates(BALANCER_FLIGHT))
                    .as("one hold on the seat")
                    .containsEntry(seat, "HELD");
            first.screenshots("balancer-race-winner-on-a");
            second.screenshots("balancer-race-loser-on-b");

            first.markDocument();
            first.click("[id='checkout:cancel-hold']");
            first.waitForNewPage();
        }
    }

    @Test
    @Order(6)
    void aServerWhoseRedisIsUnreachableLeavesThePoolAndTheOtherTakesEveryRequest() {
        requireBalancer();
        awaitBothUp();
        PartnerApi api = new PartnerApi(balancer.url(), PartnerApi.ALPHA_KEY);
        redisForB.cut();
        System.out.println("[fault] server B's connections to Redis cut");
        try {
            balancer.awaitStatus("seatlock2", "DOWN", Duration.ofSeconds(15));
            assertThat(serverB.status("health/ready"))
                    .as("server B's readiness without Redis")
                    .isEqualTo(503);
            assertThat(
                            new PartnerApi(serverB.url(), PartnerApi.ALPHA_KEY)
                                    .hold(BALANCER_FLIGHT, "25A")
                                    .status())
                    .as("server B itself cannot hold a seat")
                    .isEqualTo(503);
            long onA = balancer.requests(HaproxyBalancer.API, "seatlock1");
            long onB = balancer.requests(HaproxyBalancer.API, "seatlock2");
            for (int i = 0; i < 10; i++) {
                Reply hold = api.hold(BALANCER_FLIGHT, "25A");
                assertThat(hold.status())
                        .as("hold " + i + " through the balancer: " + hold)
                        .isEqualTo(201);
                assertThat(api.delete("holds/" + hold.json().getString("holdId")).status())
                        .as("release " + i)
                        .isEqualTo(204);
            }
            assertThat(balancer.requests(HaproxyBalancer.API, "seatlock2"))
                    .as("requests sent to server B while DOWN")
                    .isEqualTo(onB);
            assertThat(balancer.requests(HaproxyBalancer.API, "seatlock1"))
                    .as("requests sent to server A")
                    .isEqualTo(onA + 20);
        } finally {
            redisForB.restore();
        }
        balancer.awaitStatus("seatlock2", "UP", Duration.ofSeconds(30));
    }

    @Test
    @Order(7)
    void aServerStoppedWhilePartnersCallAndABuyerPaysMovesItsTrafficAndLosesOnlyItsSessions()
            throws Exception {
        requireBalancer();
        awaitBothUp();
        PartnerApi api = new PartnerApi(balancer.url(), PartnerApi.ALPHA_KEY);
        try (Browser browser = new Browser()) {
            SeatLockPages buyer = new SeatLockPages(browser, balancer.url());
            stickTo(browser, "s2");
            buyer.openSeatMap(BALANCER_FLIGHT);
            String seat = buyer.freeSeats(15, 19, "ABCDEF").get(0);
            buyer.toggleSeat(seat);
            buyer.holdSeats();
            assertThat(buyer.onPage("checkout.xhtml"))
                    .as(
                            "the buyer on server B holds "
                                    + seat
                                    + ", not "
                                    + browser.driver().getTitle())
                    .isTrue();
            buyer.fillPassengers("Hamilton");
            buyer.fillCard(SeatLockPages.APPROVED_CARD);

            // Partners hold and release seats through the balancer, all the time, while server B
            // stops: the connections B refuses, and the kept-alive ones it closes without an
            // answer, are sent to A.
            AtomicBoolean calling = new AtomicBoolean(true);
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Integer> partners =
                    CompletableFuture.supplyAsync(
                            () -> {
                                int calls = 0;
                                for (int i = 0; calling.get(); i++) {
                                    String partnerSeat = (25 + i % 6) + "B";
                                    try {
                                        // As partners should: with an Idempotency-Key, which lets
                                        // the balancer send it again.
                                        Reply hold =
                                                api.post(
                                                        "holds",
                                                        PartnerApi.holdBody(
                                                                BALANCER_FLIGHT, partnerSeat),
                                                        UUID.randomUUID().toString());
                                        calls++;
                                        if (hold.status() != 201) {
                                            failures.add("hold " + partnerSeat + ": " + hold);
                                            continue;
                                        }
                                        Reply release =
                                                api.delete(
                                                        "holds/" + hold.json().getString("holdId"));
                                        calls++;
                                        if (release.status() != 204) {
                                            failures.add("release " + partnerSeat + ": " + release);
                                        }
                                    } catch (RuntimeException e) {
                                        failures.add(partnerSeat + ": " + e);
                                    }
                                }
                                return calls;
                            });
            Thread.sleep(1_000);
            long stopping = System.nanoTime();
            serverB.close();
            System.out.printf(
                    "[fault] server B stopped (server stop, %d ms)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
            Thread.sleep(2_000);
            calling.set(false);
            int calls = partners.get(30, TimeUnit.SECONDS);
            System.out.println(
                    "[balancer] partner calls while server B stopped: "
                            + calls
                            + ", failed: "
                            + failures);
            assertThat(failures)
                    .as("partner calls through the balancer while server B stopped")
                    .isEmpty();
            assertThat(calls).as("partner calls made").isGreaterThan(10);
            assertThat(balancer.status("seatlock2"))
                    .as("haproxy's view of server B")
                    .isEqualTo("DOWN");

            // The buyer presses Pay: the balancer sends the POST to server A, which has no session
            // for it.
            buyer.pay();
            String page = browser.text("main");
            System.out.println(
                    "[balancer] the buyer of server B pressed Pay after B stopped: "
                            + browser.driver().getTitle()
                            + " | "
                            + page);
            browser.screenshots("balancer-server-stopped-buyer");
            assertThat(browser.driver().getTitle())
                    .as("what the buyer sees")
                    .contains("Your session has expired");
            assertThat(serverOf(browser)).as("the buyer is on server A now").isEqualTo("s1");

            // The seat is neither sold nor free: the hold's lease runs its course (30 s here), then
            // it ends.
            assertThat(api.seatStates(BALANCER_FLIGHT))
                    .as("the lost session's seat")
                    .containsEntry(seat, "HELD");
            Reply other = api.as(PartnerApi.BETA_KEY).hold(BALANCER_FLIGHT, seat);
            assertThat(other.status())
                    .as("another buyer cannot take the seat while the hold lives: " + other)
                    .isEqualTo(409);
        } finally {
            serverB.start(Duration.ofSeconds(240));
            balancer.awaitStatus("seatlock2", "UP", Duration.ofSeconds(30));
        }
    }

    @Test
    @Order(9)
    void aServerKilledBetweenCommitAndCaptureHasItsPaymentCapturedByTheOtherServer()
            throws Exception {
        PartnerApi onA = new PartnerApi(serverA.url(), PartnerApi.ALPHA_KEY);
        String holdId = holdId(onA.hold(MONEY_FLIGHT, "27A"));
        // This card's capture takes 2.5 s before it reaches the acquirer: time to kill the server
        // in between.
        CompletableFuture<Reply> paying =
                CompletableFuture.supplyAsync(
                        () -> onA.confirm(holdId, SimulatedPaymentGateway.SLOW_CAPTURE, "27A"));
        try (Connection db = postgres.connect()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (PaymentBooks.bookingsOfHold(db, holdId) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(PaymentBooks.bookingsOfHold(db, holdId))
                    .as("the booking committed")
                    .isEqualTo(1);
            serverA.kill();
            System.out.println(
                    "[fault] server A killed (SIGKILL) between the booking's commit and its capture");
            assertThat(PaymentBooks.ofHold(db, holdId))
                    .as("not captured when A died")
                    .extracting(PaymentBooks.Settlement::state, PaymentBooks.Settlement::captures)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("AUTHORIZED", 0));
        }
        assertThat(paying)
                .as("the buyer's answer died with the server")
                .failsWithin(Duration.ofSeconds(30));

        PaymentBooks.Settlement paid = awaitSettled(holdId);
        assertThat(paid.state())
                .as("settled by server B's reconciler: " + paid)
                .isEqualTo("CAPTURED");
        assertThat(paid.captures()).as("captures at the acquirer").isEqualTo(1);
        try (Connection db = postgres.connect()) {
            assertThat(PaymentBooks.bookingsOfHold(db, holdId)).isEqualTo(1);
        }
    }

    /**
     * Skips a balancer test, saying why, without {@code haproxy}; on CI (where {@code .ci/run}
     * installs it) a missing balancer is a failure instead.
     */
    private static void requireBalancer() {
        if (balancer == null && System.getenv("CI") != null) {
            throw new IllegalStateException(
                    "CI needs haproxy for the load balancer tests: apt-get install haproxy");
        }
        assumeTrue(
                balancer != null,
                "Load balancer tests skipped: no haproxy (apt-get install haproxy; .ci/run installs it)");
    }

    /**
     * Both servers in the pool again (the database stop of an earlier test takes them out for a
     * while).
     */
    private static void awaitBothUp() {
        balancer.awaitStatus("seatlock1", "UP", Duration.ofSeconds(60));
        balancer.awaitStatus("seatlock2", "UP", Duration.ofSeconds(60));
    }

    /**
     * Opens the flights page through the balancer until HAProxy's cookie sends this browser to
     * {@code server} (s1 is A, s2 is B): round robin gives a fresh browser the next server.
     */
    private static void stickTo(Browser browser, String server) {
        for (int attempt = 0; attempt < 8; attempt++) {
            browser.open(balancer.url().toExternalForm());
            if (server.equals(serverOf(browser))) {
                return;
            }
            browser.driver().manage().deleteAllCookies();
        }
        throw new AssertionError(
                "haproxy never sent a fresh browser to " + server + "\n" + balancer.statistics());
    }

    /** The server HAProxy's cookie names for this browser (s1, s2), or null. */
    private static String serverOf(Browser browser) {
        Cookie cookie = browser.driver().manage().getCookieNamed(HaproxyBalancer.COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    /**
     * The {@code status} of a hold or booking answered with 200; anything else reads as "HTTP
     * <status>".
     */
    private static String statusField(Reply reply) {
        return reply.status() == 200
                ? reply.json().getString("status")
                : "HTTP " + reply.status() + " " + reply.body();
    }

    @Test
    @Order(10)
    void aCaptureTheAcquirerRefusesForGoodIsSetAsideAndReportedInsteadOfRetriedForEver()
            throws Exception {
        PartnerApi onB = new PartnerApi(serverB.url(), PartnerApi.ALPHA_KEY);
        String holdId = holdId(onB.hold(MONEY_FLIGHT, "28A"));
        Reply booked = onB.confirm(holdId, SimulatedPaymentGateway.FLAKY_CAPTURE, "28A");
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        // The authorization lapses at the acquirer before the reconciler's capture (it was refused
        // "for now" once).
        try (Connection db = postgres.connect();
                PreparedStatement lapse =
                        db.prepareStatement(
                                "UPDATE SIMULATED_AUTHORIZATION"
                                        + " SET STATE = 'VOIDED' WHERE ID = (SELECT GATEWAY_ID FROM PAYMENT WHERE HOLD_ID = ?)")) {
            lapse.setString(1, holdId);
            assertThat(lapse.executeUpdate()).as("authorizations lapsed").isEqualTo(1);
        }

        PaymentBooks.Settlement settled = awaitSettled(holdId);
        assertThat(settled.state()).as(settled.toString()).isEqualTo("NEEDS_ATTENTION");
        JsonObject check =
                Json.createReader(new StringReader(serverB.get("health/ready")))
                        .readObject()
                        .getJsonArray("checks")
                        .getValuesAs(JsonObject.class)
                        .stream()
                        .filter(c -> c.getString("name").equals("payment-reconciler"))
                        .findFirst()
                        .orElseThrow();
        assertThat(check.getString("status")).as("reported, not failed: " + check).isEqualTo("UP");
        assertThat(check.getJsonObject("data").getInt("needsAttention"))
                .as(check.toString())
                .isGreaterThanOrEqualTo(1);
        assertThat(check.getJsonObject("data").getBoolean("behind")).as(check.toString()).isTrue();
    }

    private static String holdId(Reply hold) {
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        return hold.json().getString("holdId");
    }

    /** The hold's one payment once the reconciler has settled it (at most 60 s). */
    private static PaymentBooks.Settlement awaitSettled(String holdId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection db = postgres.connect()) {
            while (true) {
                List<PaymentBooks.Settlement> payments = PaymentBooks.ofHold(db, holdId);
                assertThat(payments).as("payments of hold " + holdId).hasSize(1);
                String state = payments.get(0).state();
                if (!List.of("PENDING", "AUTHORIZED", "VOIDING").contains(state)
                        || System.nanoTime() > deadline) {
                    return payments.get(0);
                }
                Thread.sleep(250);
            }
        }
    }

    /** Every payment settled (waits for the reconciler, at most 90 s), and the books agree. */
    private static List<String> moneyViolations() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (Connection db = postgres.connect()) {
            while (PaymentBooks.open(db) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            return PaymentBooks.violations(db);
        }
    }

    /** Lock keys that would never expire: a lease must always end by itself. */
    private static List<String> locksWithoutExpiry(UnifiedJedis client) {
        List<String> violations = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int locks = 0;
        do {
            ScanResult<String> page =
                    client.scan(
                            cursor,
                            new ScanParams()
                                    .match(RedisSettings.DEFAULT_KEY_PREFIX + "lock:*")
                                    .count(500));
            for (String key : page.getResult()) {
                locks++;
                long pttl = client.pttl(key);
                if (pttl == -1) {
                    violations.add("lock key without TTL: " + key);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        System.out.println(
                "[many-servers] lock keys at the end: "
                        + locks
                        + ", all with a TTL: "
                        + violations.isEmpty());
        return violations;
    }

    private static double metric(LibertyProcess server, String name) {
        for (String line : server.get("metrics?scope=application").split("\n")) {
            if (line.startsWith(name)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
