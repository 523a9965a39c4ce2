package dev.seatlock.api;

/** The kinds of problem the API reports, each with its status and a stable type URI slug. */
public enum ProblemType {
    INVALID_REQUEST(400, "invalid-request", "The request is not valid"),
    MALFORMED_JSON(400, "malformed-json", "The request body is not valid JSON for this operation"),
    UNAUTHENTICATED(401, "unauthenticated", "A partner API key is required"),
    PAYMENT_DECLINED(402, "payment-declined", "The payment was declined"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    SEATS_UNAVAILABLE(409, "seats-unavailable", "Seats are not available"),
    HOLD_CONFIRMED(409, "hold-already-confirmed", "The hold is already confirmed"),
    CONFLICT(409, "conflict", "The request conflicts with one in progress"),
    HOLD_EXPIRED(410, "hold-expired", "The hold has expired"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Send application/json"),
    IDEMPOTENCY_KEY_REUSED(
            422, "idempotency-key-reused", "The Idempotency-Key was used for a different request"),
    HELD_SEAT_LIMIT(429, "held-seat-limit", "Too many seats held at once"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    LOCK_SERVICE_UNAVAILABLE(503, "lock-service-unavailable", "Booking is temporarily unavailable"),
    DATABASE_UNAVAILABLE(503, "database-unavailable", "Booking is temporarily unavailable"),
    BOOKING_OUTCOME_UNKNOWN(
            503, "booking-outcome-unknown", "Whether the booking was made is not known yet"),
    PAYMENT_UNAVAILABLE(503, "payment-unavailable", "The payment service is unavailable"),
    INTERNAL_ERROR(500, "internal-error", "Internal error");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
