package dev.seatlock.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain GETs against a server the test started on a loopback port: is it up, what does it say. */
final class LocalHttp {

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();

    private LocalHttp() {}

    /** HTTP status of GET {@code path} (relative to the root), or -1 when nothing answers. */
    static int status(int port, String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + "/" + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
