package dev.seatlock.api;

import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Makes {@link Idempotent} operations safe to retry: the first request with a given
 * {@code Idempotency-Key} runs, and its answer (success or client error) is kept; a retry with the same
 * key and the same request gets that answer again without running anything — no second hold, no
 * second charge. A retry while the first is still running gets 409; the same key with a different
 * request gets 422. Server errors are not kept, so they can be retried.
 */
@Provider
@Idempotent
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";
    private static final int MAX_BODY = RequestSizeLimit.MAX_BYTES;

    private final Jsonb jsonb = new StrictJsonb().getContext(Object.class);

    // Field injection: the JAX-RS runtime creates providers through a public no-argument constructor.
    @Inject
    private IdempotencyStore store;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String key = request.getHeaderString(HEADER);
        if (key == null) {
            return;
        }
        if (key.isBlank() || key.length() > 100 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            request.abortWith(problem(Problem.of(ProblemType.INVALID_REQUEST, HEADER + " must be 1 to 100 visible ASCII characters")));
            return;
        }
        byte[] body = request.getEntityStream().readNBytes(MAX_BODY + 1);
        request.setEntityStream(new ByteArrayInputStream(body));
        String id = request.getSecurityContext().getUserPrincipal().getName() + "|" + key;
        String fingerprint = IdempotencyFingerprint.of(request.getMethod(), request.getUriInfo().getPath(), body);

        Optional<IdempotencyRecord> earlier = store.find(id);
        if (earlier.isEmpty()) {
            earlier = claim(id, fingerprint);
            if (earlier.isEmpty()) {
                request.setProperty(CLAIM, id);
                return;
            }
        }
        IdempotencyRecord record = earlier.get();
        if (!record.isComplete()) {
            request.abortWith(problem(Problem.of(ProblemType.CONFLICT, "A request with this " + HEADER
                    + " is still in progress; retry in a moment")));
        } else if (!record.fingerprint().equals(fingerprint)) {
            request.abortWith(problem(Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED, "This " + HEADER
                    + " was used for a different request; use a new key for a new request")));
        } else {
            Response.ResponseBuilder replay = Response.status(record.status()).header(HEADER + "-Replayed", "true");
            if (record.location() != null) {
                replay.header(HttpHeaders.LOCATION, record.location());
            }
            boolean isProblem = record.status() >= 400;
            request.abortWith(replay.entity(record.body()).type(isProblem ? Problem.MEDIA_TYPE : "application/json").build());
        }
    }

    /**
     * Empty when this request claimed the key; the record of the concurrent attempt that claimed it first
     * otherwise. A database outage is rethrown (503).
     */
    private Optional<IdempotencyRecord> claim(String id, String fingerprint) {
        try {
            store.claim(id, fingerprint);
            return Optional.empty();
        } catch (RuntimeException failure) {
            return Optional.of(store.find(id).orElseThrow(() -> failure));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object claim = request.getProperty(CLAIM);
        if (!(claim instanceof String id)) {
            return;
        }
        if (response.getStatus() >= 500) {
            store.forget(id);
            return;
        }
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        String body = response.hasEntity() ? jsonb.toJson(response.getEntity()) : null;
        store.complete(id, response.getStatus(), location == null ? null : location.toString(), body);
    }

    private static Response problem(Problem problem) {
        return problem.response().build();
    }
}
