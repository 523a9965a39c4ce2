package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests get a problem+json answer with the right status, and write nothing: the seat map of
 * the flight they aimed at and the flight list are the same afterwards. Uses flight SL101, rows
 * 20-21.
 */
@ExtendWith(ArquillianExtension.class)
class BadInputIT {

    private static final String FLIGHT = "SL101";
    private static final String TEN_KB = "A".repeat(10 * 1024);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.seatLockWith();
    }

    @ArquillianResource URL deployment;

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("an unknown flight", 404, api -> api.hold("ZZ999", "20A")),
                bad("seat 99Z", 400, api -> api.hold(FLIGHT, "99Z")),
                bad("seat 31A, which the aircraft lacks", 400, api -> api.hold(FLIGHT, "31A")),
                bad("seat ../../x", 400, api -> api.hold(FLIGHT, "../../x")),
                bad("a 10 kB seat string", 400, api -> api.hold(FLIGHT, TEN_KB)),
                bad("a 20 kB body", 413, api -> api.hold(FLIGHT, TEN_KB, TEN_KB)),
                bad(
                        "ten seats",
                        400,
                        api ->
                                api.hold(
                                        FLIGHT, "20A", "20B", "20C", "20D", "20E", "20F", "21A",
                                        "21B", "21C", "21D")),
                bad("no seats", 400, api -> api.hold(FLIGHT)),
                bad("the same seat twice", 400, api -> api.hold(FLIGHT, "20A", "20A")),
                bad(
                        "broken JSON",
                        400,
                        api -> api.post("holds", "{\"flightId\":\"SL101\",\"seats\":[\"20A\"")),
                bad(
                        "an unknown field",
                        400,
                        api ->
                                api.post(
                                        "holds",
                                        "{\"flightId\":\"SL101\",\"seats\":[\"20A\"],\"price\":0}")),
                bad(
                        "a field of the wrong type",
                        400,
                        api -> api.post("holds", "{\"flightId\":\"SL101\",\"seats\":\"20A\"}")),
                bad("no body", 400, api -> api.post("holds", "")),
                bad("a JSON null body", 400, api -> api.post("holds", "null")),
                bad(
                        "a hold time over the maximum",
                        400,
                        api ->
                                api.post(
                                        "holds",
                                        "{\"flightId\":\"SL101\",\"seats\":[\"20A\"],\"holdFor\":\"PT11M\"}")),
                bad(
                        "the wrong content type",
                        415,
                        api ->
                                api.send(
                                        api.request("holds")
                                                .header("Content-Type", "text/plain")
                                                .POST(
                                                        HttpRequest.BodyPublishers.ofString(
                                                                PartnerApi.holdBody(
                                                                        FLIGHT, "20A"))))),
                bad(
                        "an encoded slash in the path, refused by the web container",
                        400,
                        api -> api.get("flights/SL101%2F..%2FSL202/seats")),
                bad("no credential", 401, api -> api.as(null).hold(FLIGHT, "20A")),
                bad("a wrong credential", 401, api -> api.as("not-a-key").hold(FLIGHT, "20A")),
                bad(
                        "a malformed hold id",
                        400,
                        api -> api.confirm("not-a-hold-id", PartnerApi.APPROVED_CARD, "20A")),
                bad(
                        "a card failing the Luhn check",
                        400,
                        api -> {
                            String holdId =
                                    api.as(PartnerApi.BETA_KEY)
                                            .hold(FLIGHT, "21F")
                                            .json()
                                            .getString("holdId");
                            Reply reply =
                                    api.as(PartnerApi.BETA_KEY)
                                            .confirm(holdId, "4242424242424241", "21F");
                            api.as(PartnerApi.BETA_KEY).delete("holds/" + holdId);
                            return reply;
                        }),
                bad(
                        "another partner's hold",
                        404,
                        api -> {
                            String holdId =
                                    api.as(PartnerApi.BETA_KEY)
                                            .hold(FLIGHT, "21E")
                                            .json()
                                            .getString("holdId");
                            Reply reply = api.confirm(holdId, PartnerApi.APPROVED_CARD, "21E");
                            api.as(PartnerApi.BETA_KEY).delete("holds/" + holdId);
                            return reply;
                        }));
    }

    private static Arguments bad(String what, int status, Function<PartnerApi, Reply> call) {
        return Arguments.of(what, status, call);
    }

    @ParameterizedTest(name = "{0} is answered {1} and nothing is written")
    @MethodSource("badRequests")
    void aBadRequestIsRefusedWithAProblemAndWritesNothing(
            String what, int status, Function<PartnerApi, Reply> call) {
        PartnerApi api = new PartnerApi(deployment, PartnerApi.ALPHA_KEY);
        Map<String, String> seatsBefore = api.seatStates(FLIGHT);
        String flightsBefore = api.get("flights").body();

        Reply reply = call.apply(api);

        assertThat(reply.status()).as(what + ": " + reply).isEqualTo(status);
        assertThat(reply.contentType()).as(what).startsWith("application/problem+json");
        assertThat(reply.json().getString("detail")).as(what).isNotBlank();
        assertThat(reply.body())
                .as("no stack trace reaches a client")
                .doesNotContain("at dev.seatlock", "Exception:");
        assertThat(api.seatStates(FLIGHT)).as(what + " changed no seat").isEqualTo(seatsBefore);
        assertThat(api.get("flights").body())
                .as(what + " changed no flight")
                .isEqualTo(flightsBefore);
    }
}
