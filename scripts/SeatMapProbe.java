import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seat-map latency, for scripts/bench-seat-map.sh (run with Java's single-file launcher): opens the
 * seat map of a flight on server B as a browser does (the page, then its Faces websocket), holds a
 * seat through the partner API on server A, and times from the hold request until B's websocket
 * message shows the seat held; then releases it and waits until B shows it free again.
 *
 * <p>java scripts/SeatMapProbe.java PAGE_BASE API_BASE API_KEY FLIGHT ROUNDS
 */
public class SeatMapProbe {

    public static void main(String[] args) throws Exception {
        String page = args[0], api = args[1], key = args[2], flight = args[3];
        int rounds = Integer.parseInt(args[4]);
        HttpClient http =
                HttpClient.newBuilder()
                        .cookieHandler(new CookieManager())
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        URI pageUri = URI.create(page + "/seat-map.xhtml?flight=" + flight);
        String html =
                http.send(HttpRequest.newBuilder(pageUri).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
        Matcher ws = Pattern.compile("([^'\"\\s]*jakarta\\.faces\\.push/seatmap\\?[^'\"\\s]+)").matcher(html);
        if (!ws.find()) {
            throw new IllegalStateException(
                    "no websocket address in the seat map page: "
                            + html.substring(0, Math.min(400, html.length())));
        }
        String path = ws.group(1).replace("&amp;", "&");
        URI wsUri = URI.create(page.replaceFirst("^http", "ws")).resolve(path.startsWith("/") || path.startsWith("ws") ? path : "/" + path);
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        String cookies =
                ((CookieManager) http.cookieHandler().get())
                        .getCookieStore().getCookies().stream()
                                .map(c -> c.getName() + "=" + c.getValue())
                                .reduce((a, b) -> a + "; " + b)
                                .orElse("");
        WebSocket socket =
                http.newWebSocketBuilder()
                        .header("Cookie", cookies)
                        .header("Origin", page)
                        .buildAsync(
                                wsUri,
                                new WebSocket.Listener() {
                                    final StringBuilder text = new StringBuilder();

                                    @Override
                                    public CompletionStage<?> onText(
                                            WebSocket w, CharSequence data, boolean last) {
                                        text.append(data);
                                        if (last) {
                                            messages.add(System.nanoTime() + " " + text);
                                            text.setLength(0);
                                        }
                                        w.request(1);
                                        return CompletableFuture.completedFuture(null);
                                    }
                                })
                        .get(10, TimeUnit.SECONDS);
        List<Double> heldMs = new ArrayList<>(), freeMs = new ArrayList<>();
        int row = 1;
        char letter = 'A';
        for (int i = 0; i < rounds; i++) {
            String seat = row + "" + letter;
            if (++letter > 'C') {
                letter = 'A';
                row++;
            }
            messages.clear();
            long start = System.nanoTime();
            HttpResponse<String> hold =
                    http.send(
                            HttpRequest.newBuilder(URI.create(api + "/api/v1/holds"))
                                    .header("Authorization", "Bearer " + key)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"flightId\":\"" + flight + "\",\"seats\":[\"" + seat + "\"]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (hold.statusCode() != 201) {
                continue; // sold in the demo data, say: the next seat
            }
            Double held = await(messages, seat, true, start);
            if (held != null) {
                heldMs.add(held);
            }
            Matcher id = Pattern.compile("\"holdId\"\\s*:\\s*\"([^\"]+)\"").matcher(hold.body());
            id.find();
            long releaseStart = System.nanoTime();
            http.send(
                    HttpRequest.newBuilder(URI.create(api + "/api/v1/holds/" + id.group(1)))
                            .header("Authorization", "Bearer " + key)
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            Double free = await(messages, seat, false, releaseStart);
            if (free != null) {
                freeMs.add(free);
            }
        }
        socket.abort();
        System.out.println("held " + summary(heldMs) + " | released " + summary(freeMs) + " | rounds " + rounds);
    }

    /** Milliseconds from start until a message shows the seat held (or not), null after 40 s. */
    private static Double await(LinkedBlockingQueue<String> messages, String seat, boolean held, long start)
            throws InterruptedException {
        long deadline = start + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            String m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m == null) {
                return null;
            }
            int space = m.indexOf(' ');
            long at = Long.parseLong(m.substring(0, space));
            String body = m.substring(space + 1);
            int h = body.indexOf("\"held\"");
            int s = body.indexOf("\"sold\"");
            String heldPart = h < 0 ? "" : body.substring(h, s > h ? s : body.length());
            if (heldPart.contains("\"" + seat + "\"") == held) {
                return (at - start) / 1e6;
            }
        }
        return null;
    }

    private static String summary(List<Double> ms) {
        if (ms.isEmpty()) {
            return "n=0";
        }
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return String.format(
                "n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms",
                sorted.size(),
                sorted.get((int) Math.floor(0.50 * (sorted.size() - 1))),
                sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))),
                sorted.get(sorted.size() - 1));
    }
}
