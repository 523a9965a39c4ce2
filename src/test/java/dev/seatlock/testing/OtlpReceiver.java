package dev.seatlock.testing;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OpenTelemetry collector for the tests: an HTTP server on a free loopback port that
 * takes {@code POST /v1/traces} in OTLP/HTTP protobuf, the way Liberty's exporter sends it with
 * {@code otel.exporter.otlp.protocol=http/protobuf}, and keeps the spans, by trace, for a test to
 * look at. Logs and metrics posted to it are acknowledged and dropped.
 *
 * <p>Exists because neither of Liberty's other exporters will do: the logging exporter leaves out
 * the parent span ids, and OTLP has no JSON encoding in Liberty's exporter. Keeps the spans of the
 * newest {@value #MAX_TRACES} traces only, so a whole suite's traffic cannot fill the heap.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One span as received; ids in lower-case hex, {@code parentSpanId} empty for a root span. */
    public record ReceivedSpan(
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            Span.SpanKind kind,
            String scope,
            Map<String, String> attributes) {

        public boolean isRoot() {
            return parentSpanId.isEmpty();
        }

        @Override
        public String toString() {
            return name + " [" + kind + ", " + spanId + " <- " + parentSpanId + "] " + attributes;
        }
    }

    private static final Logger LOG = Logger.getLogger(OtlpReceiver.class.getName());
    private static final int MAX_TRACES = 5_000;
    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;

    // Guarded by itself; the eldest trace goes first.
    private final Map<String, List<ReceivedSpan>> traces =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<ReceivedSpan>> eldest) {
                    return size() > MAX_TRACES;
                }
            };

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free loopback port until {@link #close}. */
    public static OtlpReceiver start() {
        try {
            HttpServer server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the OTLP receiver", e);
        }
    }

    /** The value for {@code otel.exporter.otlp.endpoint}: the base URL, without {@code /v1/...}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The spans received so far of one trace, in the order they arrived. */
    public List<ReceivedSpan> trace(String traceId) {
        synchronized (traces) {
            return List.copyOf(traces.getOrDefault(traceId, List.of()));
        }
    }

    /**
     * Waits until the spans of the trace satisfy {@code complete} (the exporter sends them in
     * batches, after they end), and returns them; what arrived so far after the time-out.
     */
    public List<ReceivedSpan> awaitTrace(
            String traceId, Predicate<List<ReceivedSpan>> complete, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReceivedSpan> spans = trace(traceId);
        while (!complete.test(spans) && System.nanoTime() < deadline) {
            Sleep.quietly(Duration.ofMillis(50));
            spans = trace(traceId);
        }
        return spans;
    }

    /** The traces received so far whose root span has this name, each as its spans. */
    public List<List<ReceivedSpan>> tracesRootedAt(String rootName) {
        synchronized (traces) {
            return traces.values().stream()
                    .filter(
                            spans ->
                                    spans.stream()
                                            .anyMatch(
                                                    span ->
                                                            span.isRoot()
                                                                    && span.name()
                                                                            .equals(rootName)))
                    .map(List::copyOf)
                    .toList();
        }
    }

    /** A trace's spans by name; each name must occur once. */
    public static Map<String, ReceivedSpan> byName(List<ReceivedSpan> spans) {
        return spans.stream()
                .collect(
                        Collectors.toMap(
                                ReceivedSpan::name,
                                span -> span,
                                (a, b) -> {
                                    throw new AssertionError(
                                            "two spans named " + a.name() + ": " + a + ", " + b);
                                },
                                LinkedHashMap::new));
    }

    /** The span of this id among {@code spans}. */
    public static Optional<ReceivedSpan> find(List<ReceivedSpan> spans, String spanId) {
        return spans.stream().filter(span -> span.spanId().equals(spanId)).findFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = read(exchange);
            if ("POST".equals(exchange.getRequestMethod())
                    && exchange.getRequestURI().getPath().equals("/v1/traces")) {
                keep(ExportTraceServiceRequest.parseFrom(body));
                reply(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
            } else {
                // /v1/metrics, /v1/logs: an empty Export*ServiceResponse is zero bytes.
                reply(exchange, new byte[0]);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "OTLP receiver could not take a request", e);
            throw e;
        }
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        boolean gzip =
                "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        try (InputStream in =
                gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void reply(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void keep(ExportTraceServiceRequest request) {
        List<ReceivedSpan> received = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    received.add(
                            new ReceivedSpan(
                                    hex(span.getTraceId()),
                                    hex(span.getSpanId()),
                                    hex(span.getParentSpanId()),
                                    span.getName(),
                                    span.getKind(),
                                    scope.getScope().getName(),
                                    attributes(span.getAttributesList())));
                }
            }
        }
        synchronized (traces) {
            for (ReceivedSpan span : received) {
                traces.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
            }
        }
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            values.put(attribute.getKey(), text(attribute.getValue()));
        }
        return values;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case ARRAY_VALUE ->
                    value.getArrayValue().getValuesList().stream()
                            .map(OtlpReceiver::text)
                            .collect(Collectors.joining(",", "[", "]"));
            default -> value.toString().strip();
        };
    }

    private static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
