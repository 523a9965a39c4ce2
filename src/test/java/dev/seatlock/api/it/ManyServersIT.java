package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.lock.redis.RedisSettings;
import dev.seatlock.testing.LibertyProcess;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import dev.seatlock.testing.ThrowawayPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Two Liberty servers running the same WAR against one Redis and one PostgreSQL, both of the test's own:
 * many buyers at once on both servers while Redis is restarted empty, killed and frozen, then a history
 * check ({@link SaleHistory}); and the database stopped while a buyer pays. Skipped, with a message,
 * without PostgreSQL's binaries. Ports: {@code it.faults.ports} (default 9580,9581; HTTPS 9981,9982;
 * PostgreSQL 9932). The run's length: {@code seatlock.soak.seconds} (default 30).
 */
class ManyServersIT {

    private static final String SOAK_FLIGHT = "SL101";
    private static final String OUTAGE_FLIGHT = "SL303";

    private static ThrowawayPostgres postgres;
    private static RedisServer redis;
    private static LibertyProcess serverA;
    private static LibertyProcess serverB;

    @BeforeAll
    static void startEverything() {
        Optional<Path> pgBin = ThrowawayPostgres.binaries();
        assumeTrue(pgBin.isPresent(), "Two-server fault tests skipped: no PostgreSQL binaries in /usr/lib/postgresql/*/bin"
                + " (apt-get install postgresql; .ci/run installs it)");
        String[] ports = System.getProperty("it.faults.ports", "9580,9581").split(",");
        int portA = Integer.parseInt(ports[0].trim());
        int portB = Integer.parseInt(ports[1].trim());
        postgres = ThrowawayPostgres.start(pgBin.get(), Integer.getInteger("it.faults.pg.port", 9932));
        redis = RedisServers.startCrashable();
        Map<String, String> database = Map.of("db.kind", "postgresql", "db.url", postgres.jdbcUrl(),
                "db.user", "seatlock", "db.password", "seatlock");
        Map<String, String> environment = Map.of("REDIS_URL", redis.url(), "SEATLOCK_REDIS_EMBEDDED", "never",
                "SEATLOCK_HOLD_TTL", "PT30S", "SEATLOCK_PAYMENT_SLOW_APPROVAL", "PT2.5S");
        serverA = LibertyProcess.create("seatlock-faults-a", portA, portA + 401, database, environment);
        serverB = LibertyProcess.create("seatlock-faults-b", portB, portB + 401, database, environment);
        // One after the other: the first creates the schema and the demo flights.
        serverA.start(Duration.ofSeconds(240));
        serverB.start(Duration.ofSeconds(240));
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable closeable : new AutoCloseable[] {serverA, serverB, redis, postgres}) {
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
    void buyersOnTwoServersWhileRedisFailsNeverGetOneSeatSoldTwice() throws Exception {
        Duration length = Duration.ofSeconds(Long.getLong("seatlock.soak.seconds", 30));
        List<String> seats = new PartnerApi(serverA.url(), PartnerApi.ALPHA_KEY).seatStates(SOAK_FLIGHT).keySet()
                .stream().limit(12).toList();
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
        System.out.println(history.summary(violations));
        assertThat(violations).as("violations of the sale invariants").isEmpty();
        assertThat(history.confirmed()).as("confirmed bookings: the run really sold seats").isGreaterThan(3);
        // One every 6 s plus the fault's own length (up to 1.5 s) and Redis' restart.
        assertThat(history.faults()).as("faults injected").isGreaterThanOrEqualTo(Math.max(1, length.toSeconds() / 10));
    }

    @Test
    void aDatabaseStoppedWhileABuyerPaysChargesNothingAndAnswers503() throws Exception {
        PartnerApi alpha = new PartnerApi(serverA.url(), PartnerApi.ALPHA_KEY);
        String seat = "7A";
        Reply hold = alpha.hold(OUTAGE_FLIGHT, seat);
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        String holdId = hold.json().getString("holdId");
        double voidedBefore = metric(serverA, "seatlock_payments_voided_total");

        // The slow card is approved after 2.5 s; the database stops while the bank thinks.
        CompletableFuture<Reply> paying = CompletableFuture.supplyAsync(() -> alpha.confirm(holdId, PartnerApi.SLOW_CARD, seat));
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
        assertThat(outage.json().getString("type")).endsWith("database-unavailable");
        assertThat(outage.json().getBoolean("paymentVoided")).as("paymentVoided").isTrue();
        assertThat(outage.headers().firstValue("Retry-After")).isPresent();
        assertThat(metric(serverA, "seatlock_payments_voided_total") - voidedBefore).as("authorizations voided").isEqualTo(1.0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (serverA.status("health/ready") != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        try (Connection db = postgres.connect(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM BOOKING WHERE HOLD_ID = '" + holdId + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("bookings of the hold after the outage").isZero();
        }

        // The hold outlived the outage: the buyer pays again, once, and gets the seat.
        Reply retry = alpha.confirm(holdId, PartnerApi.APPROVED_CARD, seat);
        assertThat(retry.status()).as("retry once the database is back: " + retry).isEqualTo(201);
        assertThat(alpha.seatStates(OUTAGE_FLIGHT)).containsEntry(seat, "SOLD");
    }

    /** Lock keys that would never expire: a lease must always end by itself. */
    private static List<String> locksWithoutExpiry(UnifiedJedis client) {
        List<String> violations = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int locks = 0;
        do {
            ScanResult<String> page = client.scan(cursor, new ScanParams().match(RedisSettings.DEFAULT_KEY_PREFIX + "lock:*").count(500));
            for (String key : page.getResult()) {
                locks++;
                long pttl = client.pttl(key);
                if (pttl == -1) {
                    violations.add("lock key without TTL: " + key);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        System.out.println("[many-servers] lock keys at the end: " + locks + ", all with a TTL: " + violations.isEmpty());
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
