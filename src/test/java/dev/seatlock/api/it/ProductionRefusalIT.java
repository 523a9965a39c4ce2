package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.testing.LibertyProcess;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.TestRedisSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A production start (no profile: the WAR on a plain Liberty) configured with the README's demo
 * keys refuses to start: one severe line in the log names the rule, never the key, and the server
 * never becomes ready. Everything else it is given is fine (Redis, provider), so the keys are the
 * only reason. The other rules are unit tests (PartnerKeysTest, ProductionSafeguardsTest); the
 * production server that does start is RunnableJarIT's.
 */
class ProductionRefusalIT {

    private LibertyProcess server;

    @AfterEach
    void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aProductionServerGivenTheDemoKeysRefusesToStartWithOneLineSayingWhy() {
        int httpPort = freePort();
        String redisUrl =
                Optional.ofNullable(System.getProperty(TestRedisSession.URL_PROPERTY))
                        .orElse("redis://127.0.0.1:1");
        server =
                LibertyProcess.createInProduction(
                        "seatlock-production-refusal",
                        httpPort,
                        freePort(),
                        Map.of(),
                        Map.of(
                                "SEATLOCK_API_KEYS",
                                "alpha-travel="
                                        + PartnerApi.ALPHA_KEY
                                        + ",beta-tours="
                                        + PartnerApi.BETA_KEY,
                                "SEATLOCK_PAYMENT_PROVIDER",
                                "simulated",
                                "REDIS_URL",
                                redisUrl,
                                "SEATLOCK_REDIS_EMBEDDED",
                                "never"));
        server.startWithoutWaiting();

        Optional<String> refusal =
                server.awaitLogLine("SeatLock refuses to start", Duration.ofSeconds(120));
        assertThat(refusal)
                .as("the refusal in messages.log; log:\n" + server.logTail(40))
                .isPresent();
        assertThat(refusal.get())
                .as("one severe line naming the setting and the rule")
                .contains(" E ", "production profile", "seatlock.api.keys", "demo keys")
                .doesNotContain(PartnerApi.ALPHA_KEY)
                .doesNotContain(PartnerApi.BETA_KEY);
        assertThat(server.status("health/ready"))
                .as("readiness of a server that refused to start")
                .isNotEqualTo(200);
        assertThat(server.status("api/v1/flights"))
                .as("the API of a server that refused to start")
                .isNotEqualTo(200);
        assertThat(server.log())
                .as("the keys never reach the log")
                .doesNotContain(PartnerApi.ALPHA_KEY)
                .doesNotContain(PartnerApi.BETA_KEY);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
