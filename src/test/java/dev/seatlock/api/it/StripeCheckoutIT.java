package dev.seatlock.api.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A checkout through the partner API of a server configured with {@code
 * seatlock.payment.provider=stripe}, its Stripe a local HTTP server (WireMock, on a free port) that
 * answers as Stripe's API does: the booking stands and its payment is captured, with the calls and
 * keys Stripe would receive. The deployment's own configuration names the provider, the key and the
 * API base; its reconciler is slowed to an hour so that it never settles other tests' simulated
 * payments through this Stripe. Uses flight SL303, rows 29-30, which no other integration test on
 * this server uses.
 */
@ExtendWith(ArquillianExtension.class)
class StripeCheckoutIT {

    private static final String FLIGHT = "SL303";
    private static final String INTENT = "pi_3SeatLockIT00001";
    private static final String CONFIG = "/WEB-INF/classes/META-INF/microprofile-config.properties";

    private static WireMockServer stripe;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        stripe = new WireMockServer(wireMockConfig().port(freePort()));
        stripe.start();
        WebArchive archive = Deployments.seatLockWith();
        String config;
        try (InputStream in = archive.get(CONFIG).getAsset().openStream()) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        archive.delete(CONFIG);
        return archive.add(
                new StringAsset(
                        config
                                + "\n# StripeCheckoutIT\n"
                                + "seatlock.payment.provider=stripe\n"
                                // Within one config source the test profile's own line wins.
                                + "%test.seatlock.payment.provider=stripe\n"
                                + "seatlock.payment.stripe.secret-key=sk_test_SeatLockIT\n"
                                + "seatlock.payment.stripe.api-base=http://localhost:"
                                + stripe.port()
                                + "\n"
                                + "seatlock.payment.reconcile-every=PT1H\n"),
                CONFIG);
    }

    @AfterAll
    static void stopStripe() {
        if (stripe != null) {
            stripe.stop();
        }
    }

    @ArquillianResource URL deployment;

    @Test
    void aCheckoutWithStripeAuthorizesThenCapturesTheIntentWithTheAttemptsKeys() throws Exception {
        stubStripe();
        PartnerApi alpha = new PartnerApi(deployment, PartnerApi.ALPHA_KEY);
        String seat = freeSeat(alpha);
        String holdId = alpha.hold(FLIGHT, seat).json().getString("holdId");
        double capturedBefore = capturedTotal();

        Reply booked = alpha.confirm(holdId, PartnerApi.APPROVED_CARD, seat);

        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        assertThat(capturedTotal() - capturedBefore)
                .as("the payment is recorded CAPTURED (the counter follows that write)")
                .isEqualTo(1.0);
        LoggedRequest create = onlyPost("/v1/payment_intents");
        assertThat(create.getHeader("Authorization")).isEqualTo("Bearer sk_test_SeatLockIT");
        assertThat(create.getHeader("Idempotency-Key"))
                .as("the attempt's authorize key")
                .matches("seatlock:" + Pattern.quote(holdId) + "\\..+:authorize:create");
        String attempt = create.getHeader("Idempotency-Key").replace(":authorize:create", "");
        assertThat(create.getBodyAsString())
                .contains("capture_method=manual")
                .contains("amount=8900")
                .contains("currency=eur");
        assertThat(onlyPost("/v1/payment_intents/" + INTENT + "/confirm").getBodyAsString())
                .contains("payment_method=pm_card_visa");
        assertThat(
                        onlyPost("/v1/payment_intents/" + INTENT + "/capture")
                                .getHeader("Idempotency-Key"))
                .as("captured once, with the attempt's capture key")
                .isEqualTo(attempt + ":capture");
        assertThat(stripe.findAll(postRequestedFor(urlPathMatching(".*/cancel"))))
                .as("nothing voided")
                .isEmpty();
    }

    private static void stubStripe() {
        stripe.resetAll();
        stripe.stubFor(
                any(anyUrl())
                        .atPriority(10)
                        .willReturn(
                                json(
                                        503,
                                        "{\"error\":{\"type\":\"api_error\",\"message\":\"?\"}}")));
        stripe.stubFor(
                post(urlEqualTo("/v1/payment_intents"))
                        .willReturn(json(200, intent("requires_payment_method"))));
        stripe.stubFor(
                post(urlPathEqualTo("/v1/payment_intents/" + INTENT + "/confirm"))
                        .willReturn(json(200, intent("requires_capture"))));
        stripe.stubFor(
                post(urlPathEqualTo("/v1/payment_intents/" + INTENT + "/capture"))
                        .willReturn(json(200, intent("succeeded"))));
        stripe.stubFor(
                get(urlPathEqualTo("/v1/payment_intents/" + INTENT))
                        .willReturn(json(200, intent("requires_capture"))));
    }

    private static String intent(String status) {
        return """
                {"id": "%s", "object": "payment_intent", "amount": 8900, "capture_method": "manual",
                 "currency": "eur", "livemode": false, "payment_method": "pm_1SeatLockIT",
                 "payment_method_types": ["card"], "metadata": {}, "status": "%s"}
                """
                .formatted(INTENT, status);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_it")
                .withBody(body);
    }

    private static LoggedRequest onlyPost(String path) {
        List<LoggedRequest> requests = stripe.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertThat(requests).as("one POST " + path).hasSize(1);
        return requests.get(0);
    }

    /** An economy seat of rows 29-30 still for sale (89.00 EUR). */
    private static String freeSeat(PartnerApi partner) {
        Map<String, String> states = partner.seatStates(FLIGHT);
        return states.entrySet().stream()
                .filter(e -> e.getKey().matches("(29|30)[A-F]"))
                .filter(e -> e.getValue().equals("AVAILABLE"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no free seat in rows 29-30 of " + FLIGHT));
    }

    /** seatlock_payments_captured_total of the server (0 before the first capture). */
    private double capturedTotal() throws Exception {
        HttpResponse<String> metrics =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        deployment.toString().replaceAll("/+$", "")
                                                                + "/metrics?scope=application"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        Matcher total =
                Pattern.compile("(?m)^seatlock_payments_captured_total(\\{[^}]*\\})? ([0-9.eE+]+)")
                        .matcher(metrics.body());
        return total.find() ? Double.parseDouble(total.group(2)) : 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
