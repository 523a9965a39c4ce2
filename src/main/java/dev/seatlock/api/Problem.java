package dev.seatlock.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error the API returns. {@code type} is stable and
 * can be switched on; {@code detail} tells a person what to do.
 *
 * @param seats the seats at fault, when the problem is about seats
 * @param paymentVoided true when a payment was authorized and then voided: nothing was charged
 * @param traceId the trace of the request that met the problem (an extension member; also the
 *     {@code X-Trace-Id} header), for a partner to quote; absent while tracing is off. {@code
 *     instance} stays the request's path
 */
@JsonbPropertyOrder({
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "seats",
    "paymentVoided",
    "traceId"
})
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<String> seats,
        Boolean paymentVoided,
        String traceId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://seatlock.example/problems/";

    public static Problem of(ProblemType type, String detail) {
        return new Problem(
                TYPE_BASE + type.slug(),
                type.title(),
                type.status(),
                detail,
                null,
                null,
                null,
                TraceIds.current().orElse(null));
    }

    public Problem withSeats(List<String> seatCodes) {
        return new Problem(
                type, title, status, detail, instance, seatCodes, paymentVoided, traceId);
    }

    public Problem withPaymentVoided(boolean voided) {
        return new Problem(type, title, status, detail, instance, seats, voided, traceId);
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, seats, paymentVoided, traceId);
    }

    /**
     * A response carrying this problem, with its status and media type; add headers, then build.
     */
    public Response.ResponseBuilder response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }
}
