package dev.seatlock.api;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Optional;

/**
 * The trace id of the request being answered, for partners: a partner who quotes it lets us find
 * the request's whole trace (README "Traces"). Empty while tracing is off (the OpenTelemetry SDK is
 * disabled by default) or outside a request: there is then no trace to find, and no id is made up.
 */
final class TraceIds {

    /** The response header that carries it on every API answer. */
    static final String HEADER = "X-Trace-Id";

    private TraceIds() {}

    /** The 32 lower-case hex digits of the current trace (W3C Trace Context), if any. */
    static Optional<String> current() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
    }
}
