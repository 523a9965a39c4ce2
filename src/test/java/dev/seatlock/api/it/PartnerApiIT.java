package dev.seatlock.api.it;

import static dev.seatlock.testing.PartnerApi.APPROVED_CARD;
import static dev.seatlock.testing.PartnerApi.BETA_KEY;
import static dev.seatlock.testing.PartnerApi.DECLINED_CARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.OtlpReceiver;
import dev.seatlock.testing.OtlpReceiver.ReceivedSpan;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.TestRedisSession;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every operation of the partner API over real HTTP on a running Liberty with a real Redis, each
 * with its success and failure answers, and the traces they leave (the test server exports its
 * spans to {@link OtlpReceiver}; README "Traces"). Uses flight SL101, rows 1-19; each test its own
 * seats.
 */
@ExtendWith(ArquillianExtension.class)
class PartnerApiIT {

    private static final String FLIGHT = "SL101";
    private static final boolean TRACING_OFF = Boolean.getBoolean("it.otel.sdk.disabled");
    private static final Duration EXPORT_WAIT = Duration.ofSeconds(15);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.seatLockWith();
    }

    @ArquillianResource URL deployment;

    private PartnerApi alpha;
    private PartnerApi beta;

    @BeforeEach
    void partners() {
        alpha = new PartnerApi(deployment, PartnerApi.ALPHA_KEY);
        beta = alpha.as(BETA_KEY);
    }

    @Test
    void flightsAreListedWithTheSeatsStillAvailable() {
        Reply flights = alpha.get("flights");

        assertThat(flights.status()).as(flights.toString()).isEqualTo(200);
        JsonObject lastSeatFlight =
                flights.jsonArray().stream()
                        .map(v -> v.asJsonObject())
                        .filter(flight -> flight.getString("id").equals("SL999"))
                        .findFirst()
                        .orElseThrow();
        assertThat(lastSeatFlight.getString("origin")).isEqualTo("LHR");
        assertThat(lastSeatFlight.getInt("seatsAvailable"))
                .as("the demo flight with one seat left")
                .isLessThanOrEqualTo(1);
        assertThat(flights.jsonArray()).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void theSeatMapShowsEverySeatWithCabinPriceAndState() {
        Reply map = alpha.get("flights/" + FLIGHT + "/seats");

        assertThat(map.status()).isEqualTo(200);
        assertThat(map.json().getJsonArray("seats")).hasSize(180);
        JsonObject first = map.json().getJsonArray("seats").getJsonObject(0);
        assertThat(first.getString("seat")).isEqualTo("1A");
        assertThat(first.getString("cabin")).isEqualTo("BUSINESS");
        assertThat(first.getJsonNumber("price").bigDecimalValue()).isPositive();
    }

    @Test
    void anUnknownFlightHasNoSeatMap() {
        Reply map = alpha.get("flights/XY123/seats");

        assertThat(map.status()).isEqualTo(404);
        assertThat(map.contentType()).startsWith("application/problem+json");
        assertThat(map.json().getString("type")).endsWith("/not-found");
    }

    @Test
    void aHoldIsCreatedShownAndReleasedAndItsSeatsAreThenForSaleAgain() {
        Reply created = alpha.hold(FLIGHT, "3A", "3B");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String holdId = created.json().getString("holdId");
        assertThat(holdId).hasSize(22);
        assertThat(created.location()).endsWith("/api/v1/holds/" + holdId);
        assertThat(Instant.parse(created.json().getString("expiresAt")))
                .isAfter(Instant.now().plus(Duration.ofMinutes(9)));
        assertThat(alpha.seatStates(FLIGHT))
                .containsEntry("3A", "HELD")
                .containsEntry("3B", "HELD");

        Reply shown = alpha.get("holds/" + holdId);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().getString("status")).isEqualTo("ACTIVE");

        assertThat(alpha.delete("holds/" + holdId).status()).isEqualTo(204);
        assertThat(alpha.seatStates(FLIGHT))
                .containsEntry("3A", "AVAILABLE")
                .containsEntry("3B", "AVAILABLE");
        assertThat(alpha.get("holds/" + holdId).status())
                .as("a released hold is gone")
                .isEqualTo(410);
    }

    @Test
    void aSeatHeldByOnePartnerCannotBeHeldByAnotherAndTheConflictNamesIt() {
        assertThat(alpha.hold(FLIGHT, "4C").status()).isEqualTo(201);

        Reply refused = beta.hold(FLIGHT, "4D", "4C");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().getJsonArray("seats").getString(0)).isEqualTo("4C");
        assertThat(refused.json().getString("detail")).contains("4C");
        assertThat(alpha.seatStates(FLIGHT))
                .as("all or nothing: 4D was not taken")
                .containsEntry("4D", "AVAILABLE");
    }

    @Test
    void anotherPartnersHoldAndBookingAreNotFound() {
        String holdId = alpha.hold(FLIGHT, "5A").json().getString("holdId");

        assertThat(beta.get("holds/" + holdId).status()).isEqualTo(404);
        assertThat(beta.delete("holds/" + holdId).status()).isEqualTo(404);
        assertThat(beta.confirm(holdId, APPROVED_CARD, "5A").status()).isEqualTo(404);
        assertThat(alpha.seatStates(FLIGHT)).as("still held by alpha").containsEntry("5A", "HELD");

        String reference = alpha.confirm(holdId, APPROVED_CARD, "5A").json().getString("reference");
        assertThat(beta.get("bookings/" + reference).status()).isEqualTo(404);
        assertThat(beta.delete("bookings/" + reference).status()).isEqualTo(404);
        assertThat(alpha.get("bookings/" + reference).json().getString("status"))
                .isEqualTo("CONFIRMED");
    }

    @Test
    void aConfirmedHoldBecomesABookingThatCanBeFetchedAndCancelled() {
        String holdId = alpha.hold(FLIGHT, "6A", "6B").json().getString("holdId");

        Reply booked = alpha.confirm(holdId, APPROVED_CARD, "6A", "6B");

        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String reference = booked.json().getString("reference");
        assertThat(booked.location()).endsWith("/api/v1/bookings/" + reference);
        assertThat(booked.json().getString("cardLast4")).isEqualTo("4242");
        assertThat(booked.body())
                .as("no full card number is ever returned")
                .doesNotContain(APPROVED_CARD);
        assertThat(alpha.seatStates(FLIGHT))
                .containsEntry("6A", "SOLD")
                .containsEntry("6B", "SOLD");
        assertThat(alpha.get("holds/" + holdId).json().getString("status")).isEqualTo("CONFIRMED");

        Reply fetched = alpha.get("bookings/" + reference);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().getJsonArray("passengers")).hasSize(2);

        assertThat(alpha.delete("bookings/" + reference).status()).isEqualTo(204);
        assertThat(alpha.get("bookings/" + reference).json().getString("status"))
                .isEqualTo("CANCELLED");
        assertThat(alpha.seatStates(FLIGHT))
                .as("cancelled seats are for sale again")
                .containsEntry("6A", "AVAILABLE")
                .containsEntry("6B", "AVAILABLE");
        assertThat(alpha.hold(FLIGHT, "6A").status()).isEqualTo(201);
    }

    @Test
    void aHoldCannotBeConfirmedTwice() {
        String holdId = alpha.hold(FLIGHT, "7A").json().getString("holdId");
        assertThat(alpha.confirm(holdId, APPROVED_CARD, "7A").status()).isEqualTo(201);

        Reply again = alpha.confirm(holdId, APPROVED_CARD, "7A");

        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(alpha.delete("holds/" + holdId).status())
                .as("a confirmed hold cannot be released")
                .isEqualTo(409);
    }

    @Test
    void aDeclinedCardKeepsTheHoldAndAnotherCardCanThenPay() {
        String holdId = alpha.hold(FLIGHT, "8A").json().getString("holdId");

        Reply declined = alpha.confirm(holdId, DECLINED_CARD, "8A");

        assertThat(declined.status()).as(declined.toString()).isEqualTo(402);
        assertThat(declined.json().getString("type")).endsWith("/payment-declined");
        assertThat(alpha.seatStates(FLIGHT)).containsEntry("8A", "HELD");
        assertThat(alpha.confirm(holdId, APPROVED_CARD, "8A").status()).isEqualTo(201);
    }

    @Test
    void unknownHoldsAndBookingsAreNotFound() {
        assertThat(alpha.get("holds/AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
        assertThat(alpha.delete("holds/AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
        assertThat(alpha.confirm("AAAAAAAAAAAAAAAAAAAAAA", APPROVED_CARD, "9A").status())
                .isEqualTo(404);
        assertThat(alpha.get("bookings/ABCDEFGH").status()).isEqualTo(404);
        assertThat(alpha.delete("bookings/ABCDEFGH").status()).isEqualTo(404);
    }

    @Test
    void anExpiredHoldIsGoneAndItsSeatIsForSaleAgain() throws InterruptedException {
        String holdId =
                alpha.holdFor(Duration.ofSeconds(1), FLIGHT, "10A").json().getString("holdId");

        Thread.sleep(1_500);

        assertThat(alpha.get("holds/" + holdId).status()).isEqualTo(410);
        Reply late = alpha.confirm(holdId, APPROVED_CARD, "10A");
        assertThat(late.status()).as(late.toString()).isEqualTo(410);
        assertThat(late.json().getString("type")).endsWith("/hold-expired");
        assertThat(alpha.seatStates(FLIGHT)).containsEntry("10A", "AVAILABLE");
        assertThat(beta.hold(FLIGHT, "10A").status())
                .as("another buyer can take it")
                .isEqualTo(201);
    }

    @Test
    void passengersMustMatchTheHeldSeats() {
        String holdId = alpha.hold(FLIGHT, "11A", "11B").json().getString("holdId");

        Reply missing = alpha.confirm(holdId, APPROVED_CARD, "11A");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().getString("detail")).contains("11B");
        assertThat(alpha.seatStates(FLIGHT))
                .containsEntry("11A", "HELD")
                .containsEntry("11B", "HELD");
    }

    @Test
    void aRetriedHoldWithTheSameIdempotencyKeyReturnsTheFirstHold() {
        String body = PartnerApi.holdBody(FLIGHT, "12A");
        Reply first = alpha.post("holds", body, "hold-12A-once");
        Reply retry = alpha.post("holds", body, "hold-12A-once");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().getString("holdId")).isEqualTo(first.json().getString("holdId"));
        assertThat(retry.location()).isEqualTo(first.location());
        assertThat(retry.headers().firstValue("Idempotency-Key-Replayed")).contains("true");

        Reply reused = alpha.post("holds", PartnerApi.holdBody(FLIGHT, "12B"), "hold-12A-once");
        assertThat(reused.status()).as("the same key for another request").isEqualTo(422);
        assertThat(alpha.seatStates(FLIGHT)).containsEntry("12B", "AVAILABLE");
    }

    @Test
    void openApiHealthAndMetricsAreServed() {
        java.net.URI root = java.net.URI.create(deployment.toExternalForm());
        PartnerApi anonymous = new PartnerApi(deployment, null);
        assertThat(anonymous.send(anonymous.request(root.resolve("/openapi").toString())).body())
                .contains("/api/v1/holds");
        assertThat(
                        anonymous
                                .send(anonymous.request(root.resolve("/health/ready").toString()))
                                .status())
                .isEqualTo(200);
        assertThat(
                        anonymous
                                .send(
                                        anonymous.request(
                                                root.resolve("/metrics?scope=application")
                                                        .toString()))
                                .body())
                .contains("seatlock_holds_created");
    }

    @Test
    void aHoldIsOneTraceWithTheLockAcquisitionItsScriptAndTheHoldWriteUnderTheRequest() {
        assumeFalse(TRACING_OFF, "tracing is off (-Dit.otel.sdk.disabled=true)");
        Reply created = alpha.hold(FLIGHT, "17A", "17B");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String traceId = traceIdOf(created);

        List<ReceivedSpan> spans =
                receiver()
                        .awaitTrace(
                                traceId,
                                hasRootAnd("lock acquire", "EVALSHA acquire", "hold write"),
                                EXPORT_WAIT);

        ReceivedSpan request = root(spans);
        assertThat(request.kind()).as("the request's span: %s", spans).isEqualTo(SPAN_SERVER);
        assertThat(request.name()).as("%s", spans).contains("/api/v1/holds");
        ReceivedSpan acquire = only(spans, "lock acquire");
        assertThat(acquire.parentSpanId())
                .as("the lock is taken for the request: %s", spans)
                .isEqualTo(request.spanId());
        assertThat(acquire.attributes())
                .as("keys, tries and outcome of the acquisition")
                .containsEntry("seatlock.lock.keys", "[seat:{SL101}:17A,seat:{SL101}:17B]")
                .containsEntry("seatlock.lock.tries", "1")
                .containsEntry("seatlock.lock.acquired", "true")
                .containsEntry("seatlock.lock.fenced", "true")
                .containsKey("seatlock.lock.waited_ms");
        ReceivedSpan script = only(spans, "EVALSHA acquire");
        assertThat(script.parentSpanId())
                .as("the acquisition's script runs inside it: %s", spans)
                .isEqualTo(acquire.spanId());
        assertThat(script.kind()).isEqualTo(SPAN_CLIENT);
        assertThat(script.attributes())
                .containsEntry("db.system.name", "redis")
                .containsEntry("seatlock.redis.key_count", "4");
        ReceivedSpan write = only(spans, "hold write");
        assertThat(write.parentSpanId())
                .as("the hold's transaction runs under the lock, beside its acquisition: %s", spans)
                .isEqualTo(request.spanId());
        assertThat(spans)
                .as("one round trip to Redis: the acquire takes the hold's lease itself: %s", spans)
                .filteredOn(span -> span.name().startsWith("EVALSHA "))
                .extracting(ReceivedSpan::name)
                .containsExactly("EVALSHA acquire");
        assertThat(spans)
                .as("one trace, one root")
                .allSatisfy(span -> assertThat(span.traceId()).isEqualTo(traceId))
                .filteredOn(ReceivedSpan::isRoot)
                .hasSize(1);
    }

    @Test
    void aConfirmationTraceHasThePaymentCallsAndTheBookingWriteUnderTheRequest() {
        assumeFalse(TRACING_OFF, "tracing is off (-Dit.otel.sdk.disabled=true)");
        String holdId = alpha.hold(FLIGHT, "18A").json().getString("holdId");

        Reply booked = alpha.confirm(holdId, APPROVED_CARD, "18A");
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String traceId = traceIdOf(booked);

        List<ReceivedSpan> spans =
                receiver()
                        .awaitTrace(
                                traceId,
                                hasRootAnd(
                                        "lock acquire",
                                        "payment authorize",
                                        "booking write",
                                        "payment capture"),
                                EXPORT_WAIT);

        ReceivedSpan request = root(spans);
        assertThat(request.name()).as("%s", spans).contains("/confirmation");
        for (String step :
                List.of("lock acquire", "payment authorize", "booking write", "payment capture")) {
            assertThat(only(spans, step).parentSpanId())
                    .as("%s is a step of the request: %s", step, spans)
                    .isEqualTo(request.spanId());
        }
        assertThat(only(spans, "payment authorize").kind()).isEqualTo(SPAN_CLIENT);
        assertThat(only(spans, "payment authorize").attributes())
                .containsEntry("seatlock.payment.operation", "authorize")
                .hasEntrySatisfying(
                        "seatlock.payment.idempotency_key",
                        key -> assertThat(key).startsWith("seatlock:" + holdId + "."))
                .as("never the card")
                .doesNotContainValue(APPROVED_CARD);
        assertThat(only(spans, "booking write").attributes())
                .containsEntry("seatlock.hold.id", holdId);
        assertThat(spans)
                .as("the booking write asks Redis whether the hold's lease still stands: %s", spans)
                .anySatisfy(
                        span -> {
                            assertThat(span.name()).startsWith("EVALSHA ");
                            assertThat(span.parentSpanId())
                                    .isEqualTo(only(spans, "booking write").spanId());
                        });
    }

    @Test
    void everyAnswerNamesItsTraceAndAProblemCarriesItInItsBody() {
        assumeFalse(TRACING_OFF, "tracing is off (-Dit.otel.sdk.disabled=true)");
        assertThat(alpha.hold(FLIGHT, "18C").status()).isEqualTo(201);

        Reply refused = beta.hold(FLIGHT, "18C");
        Reply unauthenticated = new PartnerApi(deployment, "no-such-key").get("flights");
        Reply listed = alpha.get("flights");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().getString("traceId", null))
                .as("the problem names the trace a partner can quote")
                .isEqualTo(traceIdOf(refused));
        assertThat(refused.json().getString("instance")).isEqualTo("/api/v1/holds");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.json().getString("traceId", null))
                .as("a filter's refusal too")
                .isEqualTo(traceIdOf(unauthenticated));
        assertThat(traceIdOf(listed))
                .as("a success has its own trace")
                .isNotEqualTo(traceIdOf(refused));
        List<ReceivedSpan> conflict =
                receiver().awaitTrace(traceIdOf(refused), hasRootAnd("lock acquire"), EXPORT_WAIT);
        assertThat(only(conflict, "lock acquire").attributes())
                .as("the refused acquisition says so: %s", conflict)
                .containsEntry("seatlock.lock.acquired", "false");
    }

    @Test
    void eachReconcilerRunIsATraceOfItsOwnWithItsLockBelowIt() {
        assumeFalse(TRACING_OFF, "tracing is off (-Dit.otel.sdk.disabled=true)");
        // Every 10 s on every server (seatlock.payment.reconcile-every).
        long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
        List<List<ReceivedSpan>> runs = receiver().tracesRootedAt("payment reconciler run");
        while (runs.stream().noneMatch(hasRootAnd("lock acquire"))
                && System.nanoTime() < deadline) {
            dev.seatlock.testing.Sleep.quietly(Duration.ofMillis(200));
            runs = receiver().tracesRootedAt("payment reconciler run");
        }

        assertThat(runs).as("reconciler runs").isNotEmpty();
        List<ReceivedSpan> run =
                runs.stream().filter(hasRootAnd("lock acquire")).findFirst().orElseThrow();
        assertThat(only(run, "lock acquire").parentSpanId())
                .as("%s", run)
                .isEqualTo(root(run).spanId());
        assertThat(only(run, "lock acquire").attributes())
                .containsEntry("seatlock.lock.keys", "[reconciler:payments]");
    }

    @Test
    void withTracingOffNoAnswerCarriesATraceId() {
        assumeTrue(TRACING_OFF, "tracing is on");
        Reply refused = alpha.get("flights/XY123/seats");

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.headers().firstValue("X-Trace-Id")).as("header").isEmpty();
        assertThat(refused.json().containsKey("traceId")).as("problem member").isFalse();
    }

    private static final SpanKind SPAN_SERVER = SpanKind.SPAN_KIND_SERVER;
    private static final SpanKind SPAN_CLIENT = SpanKind.SPAN_KIND_CLIENT;

    private static OtlpReceiver receiver() {
        return TestRedisSession.spans()
                .orElseThrow(() -> new AssertionError("no span receiver in this JVM"));
    }

    private static String traceIdOf(Reply reply) {
        String traceId =
                reply.headers()
                        .firstValue("X-Trace-Id")
                        .orElseThrow(() -> new AssertionError("no X-Trace-Id: " + reply));
        assertThat(traceId).as("a W3C trace id").matches("[0-9a-f]{32}");
        return traceId;
    }

    /** Complete once the root and a span of each name have arrived. */
    private static Predicate<List<ReceivedSpan>> hasRootAnd(String... names) {
        return spans ->
                spans.stream().anyMatch(ReceivedSpan::isRoot)
                        && List.of(names).stream()
                                .allMatch(
                                        name ->
                                                spans.stream()
                                                        .anyMatch(
                                                                span -> span.name().equals(name)));
    }

    private static ReceivedSpan root(List<ReceivedSpan> spans) {
        List<ReceivedSpan> roots = spans.stream().filter(ReceivedSpan::isRoot).toList();
        assertThat(roots).as("the trace's root among %s", spans).hasSize(1);
        return roots.get(0);
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
        Map<String, ReceivedSpan> named =
                OtlpReceiver.byName(spans.stream().filter(s -> s.name().equals(name)).toList());
        assertThat(named).as("a span %s among %s", name, spans).containsKey(name);
        return named.get(name);
    }
}
