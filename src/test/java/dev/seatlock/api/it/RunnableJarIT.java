package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import dev.seatlock.testing.RunnableJarProcess;
import dev.seatlock.testing.TestTls;
import dev.seatlock.testing.ThrowawayPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runnable server package as an operator runs it: {@code java -jar target/seatlock.jar},
 * configured by environment variables alone ({@code REDIS_URL}, {@code DB_KIND}, {@code DB_URL},
 * {@code DB_USER}, {@code DB_PASSWORD}, {@code HTTP_PORT}, {@code HTTPS_PORT}, a {@code SEATLOCK_*}
 * key, {@code KEYSTORE_*} naming the operator's own keystore), against a {@code redis-server} and a
 * throw-away PostgreSQL of the test's own on free ports: ready, one seat held and bought through
 * the partner API over HTTPS and stored in that PostgreSQL; a production start (no profile: the
 * partner key, payment provider and demo data given explicitly; /metrics behind a login, no OpenAPI
 * UI, the demo keys refused); plain HTTP redirected to HTTPS, where the session cookie is Secure
 * and HSTS is sent; and at the end a stop on SIGTERM (Ctrl+C) that ends the process and deletes the
 * runtime it extracted. Skipped, with a message, without PostgreSQL's binaries or with {@code
 * -Drunnable.jar.skip=true}.
 */
class RunnableJarIT {

    private static final String FLIGHT = "SL101";
    private static final String SEAT = "12C";

    /** A partner key as production wants one: 32 characters or more, of this run only. */
    private static final String PARTNER_KEY =
            "it-" + UUID.randomUUID() + "-" + UUID.randomUUID().toString().substring(0, 8);

    private static ThrowawayPostgres postgres;
    private static RedisServer redis;
    private static RunnableJarProcess jar;
    private static int httpPort;
    private static int httpsPort;
    private static HttpClient https;
    private static final String KEYSTORE_PASSWORD = "operator-chosen-secret";

    @BeforeAll
    static void startTheJar() throws IOException {
        assumeFalse(
                Boolean.getBoolean("runnable.jar.skip"),
                "Runnable JAR test skipped: -Drunnable.jar.skip=true");
        Path file = Path.of(System.getProperty("it.runnable.jar", "target/seatlock.jar"));
        assertThat(file)
                .as("the runnable JAR built in the package phase (execution runnable-jar)")
                .isRegularFile();
        Optional<Path> pgBin = ThrowawayPostgres.binaries();
        assumeTrue(
                pgBin.isPresent(),
                "Runnable JAR test skipped: no PostgreSQL binaries in /usr/lib/postgresql/*/bin"
                        + " (apt-get install postgresql; .ci/run installs it)");
        postgres = ThrowawayPostgres.start(pgBin.get(), freePort());
        redis = RedisServers.start();
        httpPort = freePort();
        httpsPort = freePort();
        Path dir = Files.createDirectories(Path.of("target", "runnable-jar-it")).toAbsolutePath();
        // A production start (the JAR names no profile): keys of its own, the provider named,
        // the demo flights asked for, no embedded Redis; the operator's own keystore (KEYSTORE_*),
        // and a client that trusts that certificate only.
        Path keystore = TestTls.selfSignedKeystore(dir.resolve("seatlock.p12"), KEYSTORE_PASSWORD);
        https = TestTls.client(keystore, KEYSTORE_PASSWORD);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SEATLOCK_API_KEYS", "alpha-travel=" + PARTNER_KEY);
        environment.put("SEATLOCK_PAYMENT_PROVIDER", "simulated");
        environment.put("SEATLOCK_DEMO_DATA", "true");
        environment.put("REDIS_URL", redis.url());
        environment.put("SEATLOCK_REDIS_EMBEDDED", "never");
        environment.put("SEATLOCK_HOLD_TTL", "PT7M");
        environment.put("DB_KIND", "postgresql");
        environment.put("DB_URL", postgres.jdbcUrl());
        environment.put("DB_USER", "seatlock");
        environment.put("DB_PASSWORD", "seatlock");
        environment.put("HTTP_PORT", Integer.toString(httpPort));
        environment.put("HTTPS_PORT", Integer.toString(httpsPort));
        environment.put("KEYSTORE_LOCATION", keystore.toString());
        environment.put("KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
        jar = RunnableJarProcess.start(file, dir, httpPort, environment, List.of("-Xmx512m"));
        Duration took = jar.awaitReady(Duration.ofSeconds(180));
        System.out.println(
                "[runnable-jar] "
                        + file.getFileName()
                        + " ("
                        + Files.size(file) / (1024 * 1024)
                        + " MiB) ready on port "
                        + httpPort
                        + " after "
                        + took.toMillis()
                        + " ms");
    }

    /**
     * Stops the JAR as Ctrl+C does; fails when it did not end in time or left its extracted runtime
     * behind.
     */
    @AfterAll
    static void stopEverything() {
        List<String> problems = new ArrayList<>();
        if (jar != null) {
            OptionalInt exit = jar.stop(Duration.ofSeconds(60));
            if (exit.isEmpty()) {
                problems.add(
                        "java -jar did not end within 60 s of SIGTERM; console tail:\n"
                                + jar.consoleTail(30));
            } else if (!jar.awaitExtractedRuntimeDeleted(Duration.ofSeconds(30))) {
                problems.add(
                        "java -jar ended (exit "
                                + exit.getAsInt()
                                + ") but its extracted runtime was not deleted"
                                + " within 30 s");
            }
        }
        for (AutoCloseable closeable : new AutoCloseable[] {jar, redis, postgres}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("[runnable-jar] could not stop " + closeable + ": " + e);
                }
            }
        }
        assertThat(problems).as("the runnable JAR's stop on SIGTERM").isEmpty();
    }

    @Test
    void aSeatHeldAndPaidForThroughTheJarIsSoldAndStoredInTheConfiguredDatabase() throws Exception {
        PartnerApi api = new PartnerApi(httpsUrl(), PARTNER_KEY, https);
        assertThat(api.seatStates(FLIGHT))
                .as("seat map of a fresh database")
                .containsEntry(SEAT, "AVAILABLE");

        Reply hold = api.hold(FLIGHT, SEAT);
        assertThat(hold.status()).as("hold: " + hold).isEqualTo(201);
        // SEATLOCK_HOLD_TTL=PT7M (the default is PT10M) reached MicroProfile Config.
        assertThat(Instant.parse(hold.json().getString("expiresAt")))
                .as("expiresAt of " + hold)
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(6)),
                        Instant.now().plus(Duration.ofMinutes(8)));
        Reply booked = api.confirm(hold.json().getString("holdId"), PartnerApi.APPROVED_CARD, SEAT);
        assertThat(booked.status()).as("confirmation: " + booked).isEqualTo(201);
        String reference = booked.json().getString("reference");

        assertThat(api.seatStates(FLIGHT))
                .as("seat map after the sale")
                .containsEntry(SEAT, "SOLD");
        assertThat(api.get("bookings/" + reference).json().getString("status"))
                .isEqualTo("CONFIRMED");
        // DB_KIND and DB_URL reached server.xml's db.kind and db.url: the booking is in the test's
        // PostgreSQL.
        try (Connection db = postgres.connect();
                PreparedStatement sql =
                        db.prepareStatement("SELECT STATUS FROM BOOKING WHERE REFERENCE = ?")) {
            sql.setString(1, reference);
            try (ResultSet rows = sql.executeQuery()) {
                assertThat(rows.next()).as("booking " + reference + " in PostgreSQL").isTrue();
                assertThat(rows.getString(1)).isEqualTo("CONFIRMED");
            }
        }
    }

    @Test
    void theJarRunsAsProductionWithoutTheDemoConveniences() {
        SoftAssertions production = new SoftAssertions();
        // 403 with no registry configured (401, a challenge, once one is).
        // Over HTTPS: in production plain HTTP is redirected there first (the app's pages and API
        // by SeatLock, /metrics by Liberty's security).
        production
                .assertThat(httpsStatus("metrics"))
                .as("/metrics without a login (the administrator role is needed)")
                .isIn(401, 403);
        production
                .assertThat(httpsStatus("openapi/ui"))
                .as("the OpenAPI UI, dev and test only")
                .isEqualTo(404);
        PartnerApi demo = new PartnerApi(httpsUrl(), PartnerApi.ALPHA_KEY, https);
        production
                .assertThat(demo.get("flights").status())
                .as("the README's demo key, which production does not have")
                .isEqualTo(401);
        production
                .assertThat(jar.consoleTail(Integer.MAX_VALUE))
                .as("console of the JAR")
                .contains("SeatLock runs in the production profile")
                .contains("seatlock.payment.provider=simulated in production")
                .doesNotContain(PARTNER_KEY);
        production.assertAll();
    }

    @Test
    void inProductionPlainHttpIsRedirectedToHttpsWhereTheSessionCookieIsSecureAndHstsIsSent()
            throws Exception {
        HttpClient plain =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        HttpResponse<Void> page =
                plain.send(
                        get("http://localhost:" + httpPort + "/seat-map.xhtml?flight=" + FLIGHT),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(page.statusCode()).as("a page over plain HTTP").isEqualTo(301);
        assertThat(page.headers().firstValue("Location"))
                .as("redirected to the same page on the HTTPS port")
                .hasValue("https://localhost:" + httpsPort + "/seat-map.xhtml?flight=" + FLIGHT);
        assertThat(page.headers().firstValue("Set-Cookie"))
                .as("no session over plain HTTP")
                .isEmpty();
        HttpResponse<Void> post =
                plain.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://localhost:" + httpPort + "/api/v1/holds"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(post.statusCode())
                .as("an API POST over plain HTTP: 308 keeps method and body")
                .isEqualTo(308);

        HttpResponse<String> secure =
                https.send(
                        get(httpsUrl() + "seat-map.xhtml?flight=" + FLIGHT),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(secure.statusCode()).as("the page over HTTPS").isEqualTo(200);
        assertThat(
                        secure.headers().allValues("Set-Cookie").stream()
                                .filter(cookie -> cookie.startsWith("JSESSIONID="))
                                .toList())
                .as("the session cookie over HTTPS")
                .singleElement()
                .satisfies(
                        cookie ->
                                assertThat(cookie)
                                        .containsIgnoringCase("; Secure")
                                        .containsIgnoringCase("; HttpOnly"));
        assertThat(secure.headers().firstValue("Strict-Transport-Security"))
                .as("HSTS on an HTTPS answer")
                .hasValueSatisfying(hsts -> assertThat(hsts).startsWith("max-age=31536000"));
        assertThat(secure.headers().firstValue("Content-Security-Policy"))
                .as("CSP")
                .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
    }

    private static int httpsStatus(String path) {
        try {
            return https.send(get(httpsUrl() + path), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    }

    private static java.net.URL httpsUrl() {
        try {
            return URI.create("https://localhost:" + httpsPort + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
