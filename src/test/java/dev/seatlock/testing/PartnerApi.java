package dev.seatlock.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A travel partner calling the SeatLock API over real HTTP, as the integration tests do. */
public final class PartnerApi {

    public static final String ALPHA_KEY = "demo-key-alpha-travel";
    public static final String BETA_KEY = "demo-key-beta-tours";
    public static final String APPROVED_CARD = "4242424242424242";
    public static final String DECLINED_CARD = "4000000000000002";
    public static final String SLOW_CARD = "4000000000000077";

    /**
     * HTTP/1.1: one connection per concurrent buyer, as browsers and agencies' systems mostly do.
     */
    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private final URI base;
    private final String key;
    private final HttpClient http;
    private final String clientAddress;

    /**
     * @param deployment the application's URL, e.g. from {@code @ArquillianResource}
     */
    public PartnerApi(URL deployment, String key) {
        this(deployment, key, HTTP);
    }

    /**
     * Through {@code http}: for an {@code https} deployment, a client that trusts the server's
     * certificate ({@link TestTls}).
     */
    public PartnerApi(URL deployment, String key, HttpClient http) {
        this(
                URI.create(deployment.toExternalForm().replaceAll("/?$", "/") + "api/v1/"),
                key,
                http,
                null);
    }

    private PartnerApi(URI base, String key, HttpClient http, String clientAddress) {
        this.base = base;
        this.key = key;
        this.http = http;
        this.clientAddress = clientAddress;
    }

    public PartnerApi as(String otherKey) {
        return new PartnerApi(base, otherKey, http, clientAddress);
    }

    /**
     * Calls as if from {@code address}: sends it as {@code X-Forwarded-For}, which the server
     * believes from loopback (server.xml {@code <remoteIp>}, {@code trusted.proxies}).
     */
    public PartnerApi from(String address) {
        return new PartnerApi(base, key, http, address);
    }

    /** The answer to one call. */
    public record Reply(int status, HttpHeaders headers, String body) {

        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        public JsonArray jsonArray() {
            return Json.createReader(new StringReader(body)).readArray();
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public String location() {
            return headers.firstValue("Location").orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply post(String path, String json) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply post(String path, String json, String idempotencyKey) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public CompletableFuture<Reply> postAsync(String path, String json) {
        return http.sendAsync(
                        request(path)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(
                        response ->
                                new Reply(
                                        response.statusCode(),
                                        response.headers(),
                                        response.body()));
    }

    /** A request with this partner's key; {@code path} is relative to /api/v1/. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (clientAddress != null) {
            builder.header("X-Forwarded-For", clientAddress);
        }
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- The domain calls most tests make -------------------------------------------------------

    public static String holdBody(String flightId, String... seats) {
        StringBuilder json =
                new StringBuilder("{\"flightId\":\"").append(flightId).append("\",\"seats\":[");
        for (int i = 0; i < seats.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(seats[i]).append('"');
        }
        return json.append("]}").toString();
    }

    public Reply hold(String flightId, String... seats) {
        return post("holds", holdBody(flightId, seats));
    }

    public Reply holdFor(Duration duration, String flightId, String... seats) {
        String body = holdBody(flightId, seats);
        return post(
                "holds",
                body.substring(0, body.length() - 1) + ",\"holdFor\":\"" + duration + "\"}");
    }

    /**
     * A confirmation body naming a passenger "Test Passenger&lt;seat&gt;" for each seat, paid with
     * {@code card}.
     */
    public static String confirmationBody(String card, String... seats) {
        StringBuilder json = new StringBuilder("{\"passengers\":[");
        for (int i = 0; i < seats.length; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"seat\":\"")
                    .append(seats[i])
                    .append("\",\"firstName\":\"Test\",\"lastName\":\"Passenger")
                    .append(seats[i])
                    .append("\"}");
        }
        return json.append("],\"payment\":{\"cardNumber\":\"")
                .append(card)
                .append("\",\"expiry\":\"12/35\",\"cvc\":\"123\",\"holder\":\"Test Passenger\"}}")
                .toString();
    }

    public Reply confirm(String holdId, String card, String... seats) {
        return post("holds/" + holdId + "/confirmation", confirmationBody(card, seats));
    }

    /** Seat code to state (AVAILABLE, HELD, SOLD) of every seat of the flight. */
    public Map<String, String> seatStates(String flightId) {
        Reply reply = get("flights/" + flightId + "/seats");
        if (reply.status() != 200) {
            throw new AssertionError("seat map of " + flightId + ": " + reply);
        }
        Map<String, String> states = new LinkedHashMap<>();
        for (JsonValue seat : reply.json().getJsonArray("seats")) {
            JsonObject object = seat.asJsonObject();
            states.put(object.getString("seat"), object.getString("state"));
        }
        return states;
    }
}
