package dev.seatlock.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.TestTls;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security headers of the answers a browser or a partner never sees in the browser tests: error
 * pages, resources, API answers good and bad; and HTTPS on the test server's HTTPS port (its
 * certificate is the one Liberty created), with HSTS only where the request came over HTTPS or
 * through a trusted proxy's {@code X-Forwarded-Proto}. The pages of a whole purchase are checked in
 * {@link BrowserCheckoutIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityHeadersIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return dev.seatlock.testing.Deployments.seatLockWith();
    }

    @ArquillianResource URL base;

    static Stream<Arguments> answers() {
        return Stream.of(
                answer("the welcome page", "", null, 200, false),
                answer("the flight list", "flights.xhtml?from=CDG", null, 200, false),
                answer("a seat map", "seat-map.xhtml?flight=SL101", null, 200, false),
                answer("My booking", "my-booking.xhtml", null, 200, true),
                answer("checkout opened without its token", "checkout.xhtml", null, 403, true),
                answer(
                        "confirmation opened without its token",
                        "confirmation.xhtml",
                        null,
                        403,
                        true),
                answer(
                        "the style sheet",
                        "jakarta.faces.resource/seatlock.css.xhtml?ln=css",
                        null,
                        200,
                        false),
                answer(
                        "a script",
                        "jakarta.faces.resource/countdown.js.xhtml?ln=js",
                        null,
                        200,
                        false),
                answer("the icon", "favicon.svg", null, 200, false),
                answer("the not-found page", "no-such-page.xhtml", null, 404, false),
                answer("a missing file", "no-such-file.png", null, 404, false),
                answer("the session-expired page", "session-expired.html", null, 200, false),
                answer(
                        "a path the container refuses",
                        "api/v1/flights/SL101%2Fx/seats",
                        null,
                        400,
                        true),
                answer("the API's flight list", "api/v1/flights", PartnerApi.ALPHA_KEY, 200, true),
                answer("an API call without a key", "api/v1/flights", null, 401, true),
                answer(
                        "an unknown flight in the API",
                        "api/v1/flights/ZZ999/seats",
                        PartnerApi.ALPHA_KEY,
                        404,
                        true));
    }

    private static Arguments answer(
            String what, String path, String key, int status, boolean personal) {
        return Arguments.of(what, path, key, status, personal);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyAnswerCarriesTheSecurityHeaders(
            String what, String path, String key, int status, boolean personal) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> answer = send(HTTP, request);

        assertThat(answer.statusCode()).as(what + ": status").isEqualTo(status);
        assertSecurityHeaders(what, answer);
        if (personal) {
            assertThat(answer.headers().allValues("Cache-Control"))
                    .as(what + ": never stored")
                    .anySatisfy(value -> assertThat(value).contains("no-store"));
        }
        assertThat(answer.headers().firstValue("Strict-Transport-Security"))
                .as(what + ": no HSTS over plain HTTP")
                .isEmpty();
    }

    @Test
    void everyScriptOfAPageCarriesTheNonceOfItsOwnPolicy() throws Exception {
        HttpResponse<String> first =
                send(
                        HTTP,
                        HttpRequest.newBuilder(URI.create(base + "seat-map.xhtml?flight=SL101")));
        HttpResponse<String> second =
                send(
                        HTTP,
                        HttpRequest.newBuilder(URI.create(base + "seat-map.xhtml?flight=SL101")));

        String nonce = nonceOf(first);
        assertThat(nonce).as("a nonce of 128 bits").hasSizeGreaterThanOrEqualTo(22);
        assertThat(nonceOf(second)).as("a new nonce for every answer").isNotEqualTo(nonce);
        Matcher scripts = Pattern.compile("<script\\b[^>]*>").matcher(first.body());
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group())
                    .as("script element %s of the seat map", count)
                    .contains("nonce=\"" + nonce + "\"");
        }
        assertThat(count)
                .as("the seat map's scripts: its own, faces.js, f:websocket's inline one")
                .isGreaterThanOrEqualTo(3);
        assertThat(first.body())
                .as("the inline websocket start is among them")
                .containsPattern(
                        "<script nonce=\""
                                + Pattern.quote(nonce)
                                + "\"[^>]*>\\s*(<!--)?\\s*faces\\.push\\.init");
        assertThat(first.body())
                .as("no inline event handler")
                .doesNotContainPattern("\\son[a-z]+=\"");
    }

    @Test
    void overHttpsAnswersCarryHstsAndTheSameHeaders() throws Exception {
        String server = System.getProperty("it.server.name");
        HttpClient https =
                TestTls.client(
                        TestTls.await(TestTls.libertyKeystore(server), Duration.ofSeconds(10)),
                        TestTls.libertyKeystorePassword(server));
        String url = "https://localhost:" + System.getProperty("it.https.port") + "/flights.xhtml";

        HttpResponse<String> answer = send(https, HttpRequest.newBuilder(URI.create(url)));

        assertThat(answer.statusCode()).as("flights over HTTPS").isEqualTo(200);
        assertSecurityHeaders("flights over HTTPS", answer);
        assertThat(answer.headers().firstValue("Strict-Transport-Security"))
                .as("HSTS over HTTPS")
                .hasValueSatisfying(hsts -> assertThat(hsts).matches("max-age=[1-9][0-9]*"));
    }

    @Test
    void xForwardedProtoIsBelievedFromATrustedProxyOnly() throws Exception {
        String path = "flights.xhtml";
        int port = base.getPort();
        HttpResponse<String> fromLoopback =
                send(HTTP, forwardedAsHttps(URI.create("http://127.0.0.1:" + port + "/" + path)));
        assertThat(fromLoopback.headers().firstValue("Strict-Transport-Security"))
                .as("X-Forwarded-Proto: https from loopback, a trusted proxy (trusted.proxies)")
                .isPresent();

        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "no non-loopback IPv4 address on this machine");
        HttpResponse<String> fromElsewhere =
                send(
                        HTTP,
                        forwardedAsHttps(
                                URI.create(
                                        "http://"
                                                + other.get().getHostAddress()
                                                + ":"
                                                + port
                                                + "/"
                                                + path)));
        assertThat(fromElsewhere.statusCode()).as("answered from " + other.get()).isEqualTo(200);
        assertThat(fromElsewhere.headers().firstValue("Strict-Transport-Security"))
                .as("the same header from " + other.get() + ", not a trusted proxy: ignored")
                .isEmpty();
    }

    private static HttpRequest.Builder forwardedAsHttps(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-Proto", "https");
    }

    static void assertSecurityHeaders(String what, HttpResponse<?> answer) {
        assertThat(answer.headers().firstValue("Content-Security-Policy"))
                .as(what + ": Content-Security-Policy")
                .hasValueSatisfying(
                        csp ->
                                assertThat(csp)
                                        .contains("default-src 'self'")
                                        .contains("script-src 'self' 'nonce-")
                                        .contains("frame-ancestors 'none'")
                                        .contains("object-src 'none'")
                                        .doesNotContain("'unsafe-inline'")
                                        .doesNotContain("'unsafe-eval'"));
        assertThat(answer.headers().firstValue("X-Content-Type-Options"))
                .as(what + ": X-Content-Type-Options")
                .hasValue("nosniff");
        assertThat(answer.headers().firstValue("Referrer-Policy"))
                .as(what + ": Referrer-Policy")
                .hasValue("strict-origin-when-cross-origin");
    }

    private static String nonceOf(HttpResponse<?> answer) {
        Matcher nonce =
                Pattern.compile("'nonce-([^']+)'")
                        .matcher(answer.headers().firstValue("Content-Security-Policy").orElse(""));
        assertThat(nonce.find()).as("a nonce in the policy").isTrue();
        return nonce.group(1);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws Exception {
        return client.send(
                request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
