package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.Sleep;
import dev.seatlock.testing.TestRedisSession;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis really killed under a running server: the API answers 503 quickly and writes nothing,
 * readiness goes down (saying so without the cause, a host or an address), and when Redis is back
 * the same server sells again without a restart. Uses flight SL404.
 */
@ExtendWith(ArquillianExtension.class)
class RedisOutageIT {

    private static final String FLIGHT = "SL404";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.seatLockWith();
    }

    @ArquillianResource URL deployment;

    /** Pooled connections to the dead Redis are dropped within about a second (idle eviction). */
    private static boolean readyWithin(Duration limit, PartnerApi api, String readiness) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (api.send(api.request(readiness)).status() == 200) {
                return true;
            }
            Sleep.quietly(Duration.ofMillis(200));
        }
        return false;
    }

    @Test
    void withRedisKilledTheApiAnswers503AndSellsNothingThenRecoversWithoutARestart() {
        RedisServer redis = TestRedisSession.crashable().orElse(null);
        assumeTrue(redis != null, "the test Redis is not ours to kill (REDIS_URL is set)");
        PartnerApi alpha = new PartnerApi(deployment, PartnerApi.ALPHA_KEY);
        PartnerApi anonymous = new PartnerApi(deployment, null);
        String readiness =
                java.net
                        .URI
                        .create(deployment.toExternalForm())
                        .resolve("/health/ready")
                        .toString();
        String heldBefore = alpha.hold(FLIGHT, "1A").json().getString("holdId");

        redis.kill();
        try {
            long started = System.nanoTime();
            Reply hold = alpha.hold(FLIGHT, "1B");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(hold.status()).as(hold.toString()).isEqualTo(503);
            assertThat(hold.json().getString("detail")).contains("temporarily unavailable");
            assertThat(took)
                    .as("fails within the configured timeouts, no hang")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(alpha.confirm(heldBefore, PartnerApi.APPROVED_CARD, "1A").status())
                    .as("no sale without a valid lease")
                    .isEqualTo(503);
            assertThat(anonymous.send(anonymous.request(readiness)).status())
                    .as("readiness")
                    .isEqualTo(503);
            // Anyone who reaches the port reads /health: the outage, not its cause.
            String health =
                    anonymous.send(anonymous.request(readiness.replace("/ready", ""))).body();
            URI redisAddress = URI.create(redis.url());
            assertThat(health)
                    .as("/health while Redis is down")
                    .contains("\"lock-store\"", "DOWN", "not answering")
                    .doesNotContain(redisAddress.getHost() + ":" + redisAddress.getPort())
                    .doesNotContain(":" + redisAddress.getPort())
                    .doesNotContain("redis://")
                    .doesNotContain("localhost")
                    .doesNotContain("Exception")
                    .doesNotContain("refused");
        } finally {
            redis.start();
        }

        assertThat(readyWithin(Duration.ofSeconds(5), anonymous, readiness))
                .as("ready again, without a restart")
                .isTrue();
        Reply afterRecovery = alpha.hold(FLIGHT, "1B");
        assertThat(afterRecovery.status()).as(afterRecovery.toString()).isEqualTo(201);
        assertThat(alpha.seatStates(FLIGHT))
                .as("the restarted Redis forgot the old hold; no seat was sold")
                .containsEntry("1A", "AVAILABLE")
                .containsEntry("1C", "AVAILABLE");
        assertThat(alpha.confirm(heldBefore, PartnerApi.APPROVED_CARD, "1A").status())
                .as("a hold whose lease Redis forgot cannot be paid")
                .isEqualTo(410);
    }
}
