package dev.seatlock.testing;

import java.util.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts one Redis for all integration tests of a JVM, before the first test and outside the
 * Liberty server, and publishes its URL as the system property {@value #URL_PROPERTY}, which
 * arquillian.xml passes to the server as {@code seatlock.redis.url}. Also starts the span receiver
 * ({@link OtlpReceiver}) that the test server exports its traces to, as {@value
 * #OTLP_ENDPOINT_PROPERTY} (arquillian.xml: {@code otel.exporter.otlp.endpoint}).
 *
 * <p>A JUnit Platform session listener rather than a class-level extension, because extensions of
 * {@code testable} Arquillian tests also run inside the server. Only failsafe's JVM (which sets
 * {@code it.war}) starts a Redis; unit tests start their own when they need one.
 */
public class TestRedisSession implements LauncherSessionListener {

    public static final String URL_PROPERTY = "seatlock.test.redis.url";
    public static final String OTLP_ENDPOINT_PROPERTY = "seatlock.test.otlp.endpoint";
    private static final Logger LOG = Logger.getLogger(TestRedisSession.class.getName());

    // Static: tests that crash Redis on purpose reach the session's server through crashable().
    private static volatile RedisServer redis;
    private static volatile OtlpReceiver otlp;

    /**
     * The integration tests' Redis, when this JVM started it and may kill and restart it; empty
     * with {@code REDIS_URL} (someone else's Redis) or inside the server.
     */
    public static java.util.Optional<RedisServer> crashable() {
        RedisServer server = redis;
        return server != null && server.canCrash()
                ? java.util.Optional.of(server)
                : java.util.Optional.empty();
    }

    /**
     * The spans the Arquillian test server exported, when this JVM runs the integration tests (not
     * inside the server).
     */
    public static java.util.Optional<OtlpReceiver> spans() {
        return java.util.Optional.ofNullable(otlp);
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty("it.war") == null || System.getProperty(URL_PROPERTY) != null) {
            return;
        }
        LOG.info(
                () ->
                        "Integration tests use "
                                + System.getProperty("it.db.kind", "derby")
                                + " at "
                                + System.getProperty("it.db.url", "?"));
        if (System.getenv("SEATLOCK_TEST_PG_URL") == null) {
            LOG.info(
                    "PostgreSQL persistence tests skipped: SEATLOCK_TEST_PG_URL is not set (.ci/run starts a"
                            + " PostgreSQL and sets it; see README, Tests)");
        }
        otlp = OtlpReceiver.start();
        System.setProperty(OTLP_ENDPOINT_PROPERTY, otlp.endpoint());
        redis = RedisServers.start();
        System.setProperty(URL_PROPERTY, redis.url());
        LOG.info(
                () ->
                        "Integration tests use Redis at "
                                + redis.url()
                                + " ("
                                + redis.source()
                                + ")");
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (redis != null) {
            redis.close();
            System.clearProperty(URL_PROPERTY);
            redis = null;
        }
        if (otlp != null) {
            otlp.close();
            System.clearProperty(OTLP_ENDPOINT_PROPERTY);
            otlp = null;
        }
    }
}
