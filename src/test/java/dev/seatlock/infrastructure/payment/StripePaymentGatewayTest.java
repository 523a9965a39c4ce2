package dev.seatlock.infrastructure.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.seatlock.domain.Money;
import dev.seatlock.domain.payment.PaymentAuthorization;
import dev.seatlock.domain.payment.PaymentCard;
import dev.seatlock.domain.payment.PaymentDeclinedException;
import dev.seatlock.domain.payment.PaymentRefusedException;
import dev.seatlock.domain.payment.PaymentUnavailableException;
import dev.seatlock.infrastructure.payment.StripeSettings.CardData;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Stripe adapter against a local HTTP server that answers as Stripe's API documents (the
 * PaymentIntent object, its capture and cancel, the error object): what each call sends, and how
 * each answer maps to the outcomes checkout and the reconciler know.
 */
class StripePaymentGatewayTest {

    private static final String SECRET = "sk_test_51SeatLockSecretKey0000000000";
    private static final String KEY = "seatlock:h-1.a-1:authorize";
    private static final Money PRICE = new Money(new BigDecimal("129.50"), "EUR");
    private static final String INTENT = "pi_3SeatLock000001";

    @RegisterExtension
    static final WireMockExtension STRIPE =
            WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture =
            new Handler() {
                @Override
                public void publish(LogRecord record) {
                    logged.add(record);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
    private final Logger gatewayLog = Logger.getLogger(StripePaymentGateway.class.getName());

    private StripePaymentGateway gateway;

    @BeforeEach
    void start() {
        gateway = gatewayWith(CardData.TEST_PAYMENT_METHODS, Duration.ofSeconds(5));
        gatewayLog.addHandler(capture);
        gatewayLog.setLevel(Level.ALL);
    }

    @AfterEach
    void stop() {
        gatewayLog.removeHandler(capture);
        gatewayLog.setLevel(null);
    }

    @Test
    void anAuthorizationIsAManualCaptureIntentCreatedThenConfirmedEachWithItsOwnKey() {
        stubCreate(ok(intent("requires_payment_method")));
        stubConfirm(ok(intent("requires_capture")));

        PaymentAuthorization authorization =
                gateway.authorize(KEY, PRICE, card("4242424242424242"));

        assertThat(authorization)
                .as("the intent is the authorization")
                .isEqualTo(new PaymentAuthorization(INTENT, PRICE, "4242"));
        LoggedRequest create = only("/v1/payment_intents");
        assertThat(create.getHeader("Authorization"))
                .as("the secret key as a bearer token")
                .isEqualTo("Bearer " + SECRET);
        assertThat(create.getHeader("Idempotency-Key")).isEqualTo(KEY + ":create");
        assertThat(form(create))
                .as("the create carries only what follows from the key and the amount")
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "amount", "12950",
                                "currency", "eur",
                                "capture_method", "manual",
                                "payment_method_types[0]", "card",
                                "metadata[seatlock_attempt]", KEY));
        LoggedRequest confirm = only("/v1/payment_intents/" + INTENT + "/confirm");
        assertThat(confirm.getHeader("Idempotency-Key")).isEqualTo(KEY + ":confirm");
        assertThat(form(confirm))
                .as("the card goes with the confirm, as Stripe's test PaymentMethod")
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "payment_method", "pm_card_visa",
                                "error_on_requires_action", "true"));
    }

    @Test
    void aCardErrorIsADecline() {
        stubCreate(ok(intent("requires_payment_method")));
        stubConfirm(
                error(
                        402,
                        "card_error",
                        "card_declined",
                        "Your card was declined.",
                        "\"decline_code\": \"generic_decline\","));

        assertThatThrownBy(() -> gateway.authorize(KEY, PRICE, card("4000000000000002")))
                .as("402 card_error is the issuer refusing")
                .isInstanceOf(PaymentDeclinedException.class)
                .hasMessageContaining("ending in 0002");
        assertThat(form(only("/v1/payment_intents/" + INTENT + "/confirm")))
                .containsEntry("payment_method", "pm_card_visa_chargeDeclined");
    }

    @Test
    void aStripeThatDoesNotAnswerInTimeIsUnavailableAndIsNotRetriedByTheLibrary() {
        gateway = gatewayWith(CardData.TEST_PAYMENT_METHODS, Duration.ofMillis(300));
        stubCreate(ok(intent("requires_payment_method")));
        stubConfirm(ok(intent("requires_capture")).withFixedDelay(1_500));

        long started = System.nanoTime();
        assertThatThrownBy(() -> gateway.authorize(KEY, PRICE, card("4242424242424242")))
                .isInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("did not answer in time");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("one read time-out, not one per library retry")
                .isLessThan(Duration.ofMillis(1_400));
        assertThat(STRIPE.findAll(postRequestedFor(urlPathEqualTo(confirmPath()))))
                .as("max network retries 0: our own retries use the same keys")
                .hasSize(1);
    }

    @Test
    void a5xxIsUnavailableAndARetryWithTheSameKeysSucceeds() {
        stubCreate(ok(intent("requires_payment_method")));
        STRIPE.stubFor(
                post(urlPathEqualTo(confirmPath()))
                        .inScenario("5xx")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(error(503, "api_error", null, "Stripe is overloaded.", ""))
                        .willSetStateTo("recovered"));
        STRIPE.stubFor(
                post(urlPathEqualTo(confirmPath()))
                        .inScenario("5xx")
                        .whenScenarioStateIs("recovered")
                        .willReturn(ok(intent("requires_capture"))));

        assertThatThrownBy(() -> gateway.authorize(KEY, PRICE, card("4242424242424242")))
                .as("a 5xx is Stripe not answering: 503, try again")
                .isInstanceOf(PaymentUnavailableException.class);
        PaymentAuthorization retried = gateway.authorize(KEY, PRICE, card("4242424242424242"));

        assertThat(retried.id()).isEqualTo(INTENT);
        List<LoggedRequest> confirms =
                STRIPE.findAll(postRequestedFor(urlPathEqualTo(confirmPath())));
        assertThat(confirms).hasSize(2);
        assertThat(confirms.get(1).getHeader("Idempotency-Key"))
                .as("the retry carries the same key")
                .isEqualTo(confirms.get(0).getHeader("Idempotency-Key"));
        assertThat(form(confirms.get(1)))
                .as("and the same parameters, or Stripe refuses the key")
                .isEqualTo(form(confirms.get(0)));
    }

    @Test
    void aReplayedAuthorizationIsCheckedAgainstTheIntentAsItIsNow() {
        stubCreate(replayed(intent("requires_payment_method")));
        stubConfirm(replayed(intent("requires_capture")));
        stubRetrieve(ok(intent("requires_capture")));

        PaymentAuthorization again = gateway.authorize(KEY, PRICE, card("4242424242424242"));

        assertThat(again.id()).as("the same intent, not a second one").isEqualTo(INTENT);
        STRIPE.verify(1, getRequestedFor(urlPathEqualTo("/v1/payment_intents/" + INTENT)));
    }

    @Test
    void aReplayedAuthorizationWhoseIntentWasClosedSinceIsRefused() {
        stubCreate(replayed(intent("requires_payment_method")));
        stubConfirm(replayed(intent("requires_capture")));
        stubRetrieve(ok(intent("canceled")));

        assertThatThrownBy(() -> gateway.authorize(KEY, PRICE, card("4242424242424242")))
                .as("the replay shows the intent of then; it was canceled since")
                .isInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closingRepeatsTheVeryCreateOfTheAuthorizationAndCancelsAnIntentThatHoldsNothing() {
        stubCreate(ok(intent("requires_payment_method")));
        stubConfirm(ok(intent("requires_capture")));
        gateway.authorize(KEY, PRICE, card("4242424242424242"));
        LoggedRequest authorizeCreate = only("/v1/payment_intents");
        STRIPE.resetRequests();
        stubCreate(replayed(intent("requires_payment_method")));
        stubRetrieve(ok(intent("requires_payment_method")));
        STRIPE.stubFor(
                post(urlPathEqualTo("/v1/payment_intents/" + INTENT + "/cancel"))
                        .willReturn(ok(intent("canceled"))));

        Optional<PaymentAuthorization> closed = gateway.closeAuthorizeKey(KEY, PRICE);

        assertThat(closed).as("nothing was reserved").isEmpty();
        LoggedRequest closeCreate = only("/v1/payment_intents");
        assertThat(closeCreate.getHeader("Idempotency-Key"))
                .isEqualTo(authorizeCreate.getHeader("Idempotency-Key"));
        assertThat(form(closeCreate))
                .as("the same parameters: Stripe replays the intent the key made")
                .isEqualTo(form(authorizeCreate));
        LoggedRequest cancel = only("/v1/payment_intents/" + INTENT + "/cancel");
        assertThat(cancel.getHeader("Idempotency-Key")).isEqualTo(KEY + ":close");
        assertThat(form(cancel)).containsEntry("cancellation_reason", "abandoned");
    }

    @Test
    void aLateAuthorizationAfterTheKeyWasClosedIsRefused() {
        stubCreate(replayed(intent("canceled")));
        stubConfirm(
                error(
                        400,
                        "invalid_request_error",
                        "payment_intent_unexpected_state",
                        "You cannot confirm this PaymentIntent because it has a status of"
                                + " canceled.",
                        ""));

        assertThatThrownBy(() -> gateway.authorize(KEY, PRICE, card("4242424242424242")))
                .isInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closingReturnsAnAuthorizationThatHoldsMoneyForTheReconcilerToVoid() {
        stubCreate(replayed(intent("requires_payment_method")));
        stubRetrieve(ok(intent("requires_capture")));

        Optional<PaymentAuthorization> closed = gateway.closeAuthorizeKey(KEY, PRICE);

        assertThat(closed)
                .as("the money it holds, with the card's last digits from the payment method")
                .contains(new PaymentAuthorization(INTENT, PRICE, "4242"));
        assertThat(STRIPE.findAll(postRequestedFor(urlPathEqualTo(cancelPath()))))
                .as("not canceled by closing: the reconciler voids it with its void key")
                .isEmpty();
    }

    @Test
    void closingAnIntentThatWasConfirmedMeanwhileAnswersWhatItIsNow() {
        stubCreate(replayed(intent("requires_payment_method")));
        STRIPE.stubFor(
                get(urlPathEqualTo("/v1/payment_intents/" + INTENT))
                        .inScenario("race")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(ok(intent("requires_confirmation")))
                        .willSetStateTo("confirmed"));
        STRIPE.stubFor(
                get(urlPathEqualTo("/v1/payment_intents/" + INTENT))
                        .inScenario("race")
                        .whenScenarioStateIs("confirmed")
                        .willReturn(ok(intent("succeeded"))));
        STRIPE.stubFor(
                post(urlPathEqualTo(cancelPath()))
                        .willReturn(
                                error(
                                        400,
                                        "invalid_request_error",
                                        "payment_intent_unexpected_state",
                                        "You cannot cancel this PaymentIntent because it has a"
                                                + " status of succeeded.",
                                        "")));

        assertThat(gateway.closeAuthorizeKey(KEY, PRICE))
                .as("the cancel lost the race: what was taken is returned, not forgotten")
                .contains(new PaymentAuthorization(INTENT, PRICE, "4242"));
    }

    @Test
    void aCaptureSendsTheCaptureKeyAndACapturedIntentCapturesAgainAsANoOp() {
        PaymentAuthorization authorization = new PaymentAuthorization(INTENT, PRICE, "4242");
        STRIPE.stubFor(post(urlPathEqualTo(capturePath())).willReturn(ok(intent("succeeded"))));

        gateway.capture(authorization, "seatlock:h-1.a-1:capture");

        assertThat(only(capturePath()).getHeader("Idempotency-Key"))
                .isEqualTo("seatlock:h-1.a-1:capture");
        STRIPE.resetAll();
        STRIPE.stubFor(post(urlPathEqualTo(capturePath())).willReturn(unexpectedState()));
        stubRetrieve(ok(intent("succeeded")));
        gateway.capture(authorization, "seatlock:h-1.a-1:capture");
    }

    @Test
    void aCaptureOfACanceledIntentIsRefusedForGoodAndA5xxIsUnavailable() {
        PaymentAuthorization authorization = new PaymentAuthorization(INTENT, PRICE, "4242");
        STRIPE.stubFor(post(urlPathEqualTo(capturePath())).willReturn(unexpectedState()));
        stubRetrieve(ok(intent("canceled")));

        assertThatThrownBy(() -> gateway.capture(authorization, "k:capture"))
                .isInstanceOf(PaymentRefusedException.class)
                .hasMessageContaining("canceled");
        STRIPE.resetAll();
        STRIPE.stubFor(
                post(urlPathEqualTo(capturePath()))
                        .willReturn(error(500, "api_error", null, "Internal error.", "")));
        assertThatThrownBy(() -> gateway.capture(authorization, "k:capture"))
                .isInstanceOf(PaymentUnavailableException.class);
    }

    @Test
    void aVoidCancelsTheIntentAndIsANoOpWhenItIsCanceledButRefusedWhenItIsCaptured() {
        PaymentAuthorization authorization = new PaymentAuthorization(INTENT, PRICE, "4242");
        STRIPE.stubFor(post(urlPathEqualTo(cancelPath())).willReturn(ok(intent("canceled"))));
        gateway.voidAuthorization(authorization, "seatlock:h-1.a-1:void");
        assertThat(only(cancelPath()).getHeader("Idempotency-Key"))
                .isEqualTo("seatlock:h-1.a-1:void");

        STRIPE.resetAll();
        STRIPE.stubFor(post(urlPathEqualTo(cancelPath())).willReturn(unexpectedState()));
        stubRetrieve(ok(intent("canceled")));
        gateway.voidAuthorization(authorization, "seatlock:h-1.a-1:void");

        STRIPE.resetAll();
        STRIPE.stubFor(post(urlPathEqualTo(cancelPath())).willReturn(unexpectedState()));
        stubRetrieve(ok(intent("succeeded")));
        assertThatThrownBy(() -> gateway.voidAuthorization(authorization, "k:void"))
                .isInstanceOf(PaymentRefusedException.class)
                .hasMessageContaining("captured");
    }

    @Test
    void anUnknownIntentIsRefusedForGood() {
        STRIPE.stubFor(
                post(urlPathEqualTo(capturePath()))
                        .willReturn(
                                error(
                                        404,
                                        "invalid_request_error",
                                        "resource_missing",
                                        "No such payment_intent: '" + INTENT + "'",
                                        "\"param\": \"intent\",")));

        assertThatThrownBy(
                        () -> gateway.capture(new PaymentAuthorization(INTENT, PRICE, "4242"), "k"))
                .isInstanceOf(PaymentRefusedException.class)
                .hasMessageContaining("resource_missing");
    }

    @Test
    void aRefusedSecretKeyIsUnavailableAndTheKeyIsInNoMessageAndNoLog() {
        stubCreate(
                error(
                        401,
                        "invalid_request_error",
                        null,
                        "Invalid API Key provided: " + SECRET,
                        ""));

        assertThatThrownBy(() -> gateway.authorize(KEY, PRICE, card("4242424242424242")))
                .isInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining(StripeSettings.SECRET_KEY)
                .hasMessageNotContaining(SECRET);
        assertThat(logged).as("something was logged").isNotEmpty();
        assertThat(logged)
                .as("no log line carries the key")
                .allSatisfy(
                        record ->
                                assertThat(formatted(record))
                                        .doesNotContain(SECRET)
                                        .doesNotContain("SeatLockSecretKey"));
    }

    @Test
    void withRawCardDataTheConfirmCarriesTheCardAsStripeReceivesIt() {
        gateway = gatewayWith(CardData.RAW, Duration.ofSeconds(5));
        stubCreate(ok(intent("requires_payment_method")));
        stubConfirm(ok(intent("requires_capture")));

        gateway.authorize(KEY, PRICE, card("4000056655665556"));

        assertThat(form(only(confirmPath())))
                .containsEntry("payment_method_data[type]", "card")
                .containsEntry("payment_method_data[card][number]", "4000056655665556")
                .containsEntry("payment_method_data[card][exp_month]", "12")
                .containsEntry("payment_method_data[card][exp_year]", "2030")
                .containsEntry("payment_method_data[card][cvc]", "123")
                .containsEntry("payment_method_data[billing_details][name]", "Ada Lovelace");
        assertThat(logged)
                .as("no log line carries the card number")
                .allSatisfy(
                        record -> assertThat(formatted(record)).doesNotContain("4000056655665556"));
    }

    @Test
    void withTestPaymentMethodsACardStripeHasNoTestMethodForIsDeclinedBeforeAnyCall() {
        assertThatThrownBy(() -> gateway.authorize(KEY, PRICE, card("4000056655665556")))
                .isInstanceOf(PaymentDeclinedException.class)
                .hasMessageContaining("test cards");
        assertThat(STRIPE.getAllServeEvents()).as("nothing sent to Stripe").isEmpty();
    }

    // --- Stripe's answers, shaped as its API reference shows them --------------------------------

    /** A PaymentIntent object in the given status, its payment method expanded. */
    private static String intent(String status) {
        boolean holdsMoney = status.equals("requires_capture");
        return """
                {
                  "id": "%1$s",
                  "object": "payment_intent",
                  "amount": 12950,
                  "amount_capturable": %2$d,
                  "amount_received": %3$d,
                  "capture_method": "manual",
                  "client_secret": "%1$s_secret_abc",
                  "confirmation_method": "automatic",
                  "created": 1764590000,
                  "currency": "eur",
                  "last_payment_error": null,
                  "latest_charge": %4$s,
                  "livemode": false,
                  "metadata": {"seatlock_attempt": "%5$s"},
                  "payment_method": {
                    "id": "pm_1SeatLock",
                    "object": "payment_method",
                    "type": "card",
                    "card": {"brand": "visa", "exp_month": 12, "exp_year": 2030, "last4": "4242"}
                  },
                  "payment_method_types": ["card"],
                  "status": "%6$s"
                }
                """
                .formatted(
                        INTENT,
                        holdsMoney ? 12950 : 0,
                        status.equals("succeeded") ? 12950 : 0,
                        holdsMoney || status.equals("succeeded")
                                ? "\"ch_3SeatLock000001\""
                                : "null",
                        KEY,
                        status);
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_ok")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder replayed(String body) {
        return ok(body).withHeader("Idempotent-Replayed", "true");
    }

    /** Stripe's error object. */
    private static ResponseDefinitionBuilder error(
            int status, String type, String code, String message, String extra) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_err")
                .withBody(
                        """
                        {"error": {%s%s"doc_url": "https://stripe.com/docs/error-codes",
                          "message": "%s", "request_log_url": "https://dashboard.stripe.com/test/logs/req_err",
                          "type": "%s"}}
                        """
                                .formatted(
                                        code == null ? "" : "\"code\": \"" + code + "\",",
                                        extra,
                                        message,
                                        type));
    }

    private static ResponseDefinitionBuilder unexpectedState() {
        return error(
                400,
                "invalid_request_error",
                "payment_intent_unexpected_state",
                "This PaymentIntent's status does not allow it.",
                "");
    }

    private static void stubCreate(ResponseDefinitionBuilder answer) {
        STRIPE.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(answer));
    }

    private static void stubConfirm(ResponseDefinitionBuilder answer) {
        STRIPE.stubFor(post(urlPathEqualTo(confirmPath())).willReturn(answer));
    }

    private static void stubRetrieve(ResponseDefinitionBuilder answer) {
        STRIPE.stubFor(
                get(urlPathEqualTo("/v1/payment_intents/" + INTENT))
                        .withQueryParam("expand[0]", equalTo("payment_method"))
                        .willReturn(answer));
    }

    private static String confirmPath() {
        return "/v1/payment_intents/" + INTENT + "/confirm";
    }

    private static String capturePath() {
        return "/v1/payment_intents/" + INTENT + "/capture";
    }

    private static String cancelPath() {
        return "/v1/payment_intents/" + INTENT + "/cancel";
    }

    private static LoggedRequest only(String path) {
        List<LoggedRequest> requests = STRIPE.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertThat(requests).as("one POST %s", path).hasSize(1);
        return requests.get(0);
    }

    /** The form-encoded body as Stripe reads it: {@code name[key]=value} pairs. */
    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        String body = request.getBodyAsString();
        if (body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            fields.put(
                    URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }

    private static String formatted(LogRecord record) {
        return new java.util.logging.SimpleFormatter().formatMessage(record)
                + (record.getThrown() == null ? "" : " " + record.getThrown());
    }

    private static PaymentCard card(String number) {
        return new PaymentCard(number, YearMonth.of(2030, 12), "123", "Ada Lovelace");
    }

    private StripePaymentGateway gatewayWith(CardData cardData, Duration readTimeout) {
        return new StripePaymentGateway(
                new StripeSettings(
                        SECRET,
                        URI.create(STRIPE.baseUrl()),
                        Duration.ofSeconds(2),
                        readTimeout,
                        cardData));
    }
}
