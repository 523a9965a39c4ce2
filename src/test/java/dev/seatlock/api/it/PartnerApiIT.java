package dev.seatlock.api.it;

import static dev.seatlock.testing.PartnerApi.APPROVED_CARD;
import static dev.seatlock.testing.PartnerApi.BETA_KEY;
import static dev.seatlock.testing.PartnerApi.DECLINED_CARD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every operation of the partner API over real HTTP on a running Liberty with a real Redis, each
 * with its success and failure answers. Uses flight SL101, rows 1-19; each test its own seats.
 */
@ExtendWith(ArquillianExtension.class)
class PartnerApiIT {

    private static final String FLIGHT = "SL101";

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
}
