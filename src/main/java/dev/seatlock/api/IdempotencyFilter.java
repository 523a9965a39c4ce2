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
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Makes {@link Idempotent} operations safe to retry: the first request with a given {@code
 * Idempotency-Key} runs, and its answer (success or client error) is kept; a retry with the same
 * key and the same request gets that answer again without running anything — no second hold, no
 * second charge. A retry while the first is still running gets 409; the same key with a different
 * request gets 422. Server errors and 429 (a limit, README "Abuse limits") are not kept, so they
 * can be retried.
 *
 * <p>A first attempt that never finishes (its server died) would leave a 409 for ever: once its
 * claim is older than {@code seatlock.api.idempotency.claim-timeout}, a retry of the same request
 * takes it over and runs. The slow original, should it still finish, can then no longer write its
 * answer.
 */
@Provider
@Idempotent
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class.getName());
    private static final int MAX_BODY = RequestSizeLimit.MAX_BYTES;

    private final Jsonb jsonb = new StrictJsonb().getContext(Object.class);

    // Field injection: the JAX-RS runtime creates providers through a public no-argument
    // constructor.
    @Inject private IdempotencyStore store;

    @Inject private MetricRegistry metrics;

    /** How long an attempt may run before a retry presumes it dead and takes its claim over. */
    @Inject
    @ConfigProperty(name = "seatlock.api.idempotency.claim-timeout", defaultValue = "PT2M")
    private Duration claimTimeout;

    /** The claim this request holds, by its token: only the holder may complete or forget it. */
    private record Claim(String id, String token) {}

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String key = request.getHeaderString(HEADER);
        if (key == null) {
            return;
        }
        if (key.isBlank() || key.length() > 100 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            request.abortWith(
                    problem(
                            Problem.of(
                                    ProblemType.INVALID_REQUEST,
                                    HEADER + " must be 1 to 100 visible ASCII characters")));
            return;
        }
        byte[] body = request.getEntityStream().readNBytes(MAX_BODY + 1);
        request.setEntityStream(new ByteArrayInputStream(body));
        String id = request.getSecurityContext().getUserPrincipal().getName() + "|" + key;
        String fingerprint =
                IdempotencyFingerprint.of(
                        request.getMethod(), request.getUriInfo().getPath(), body);

        Optional<IdempotencyRecord> earlier = store.find(id);
        if (earlier.isEmpty()) {
            earlier = claim(id, fingerprint, request);
            if (earlier.isEmpty()) {
                return;
            }
        }
        IdempotencyRecord record = earlier.get();
        Instant cutoff = Instant.now().minus(claimTimeout);
        boolean sameRequest = record.fingerprint().equals(fingerprint);
        if (!record.isComplete() && sameRequest && record.isClaimedBefore(cutoff)) {
            Optional<String> token = store.takeOver(id, fingerprint, cutoff);
            if (token.isPresent()) {
                LOG.log(
                        Level.INFO,
                        "Idempotency key {0}: took over a claim older than {1}, left by an attempt"
                                + " that has not finished (its server stopped?)",
                        new Object[] {id, claimTimeout});
                metrics.counter("seatlock.idempotency.claims.taken.over").inc();
                request.setProperty(CLAIM, new Claim(id, token.get()));
                return;
            }
            // A concurrent retry took it over, or the attempt just finished: answer from what it
            // left.
            Optional<IdempotencyRecord> now = store.find(id);
            if (now.isEmpty()) {
                request.abortWith(inProgress());
                return;
            }
            record = now.get();
        }
        if (!record.isComplete() && (sameRequest || !record.isClaimedBefore(cutoff))) {
            request.abortWith(inProgress());
        } else if (!sameRequest) {
            request.abortWith(
                    problem(
                            Problem.of(
                                    ProblemType.IDEMPOTENCY_KEY_REUSED,
                                    "This "
                                            + HEADER
                                            + " was used for a different request; use a new key for a new request")));
        } else {
            Response.ResponseBuilder replay =
                    Response.status(record.status()).header(HEADER + "-Replayed", "true");
            if (record.location() != null) {
                replay.header(HttpHeaders.LOCATION, record.location());
            }
            boolean isProblem = record.status() >= 400;
            request.abortWith(
                    replay.entity(record.body())
                            .type(isProblem ? Problem.MEDIA_TYPE : "application/json")
                            .build());
        }
    }

    /**
     * Empty when this request claimed the key; the record of the concurrent attempt that claimed it
     * first otherwise. A database outage is rethrown (503).
     */
    private Optional<IdempotencyRecord> claim(
            String id, String fingerprint, ContainerRequestContext request) {
        try {
            request.setProperty(CLAIM, new Claim(id, store.claim(id, fingerprint)));
            return Optional.empty();
        } catch (RuntimeException failure) {
            return Optional.of(store.find(id).orElseThrow(() -> failure));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM) instanceof Claim claim)) {
            return;
        }
        // Best effort: the answer goes out whatever the record's fate. A claim that could not be
        // forgotten or completed (the database away) is taken over by a retry after the claim
        // time-out.
        try {
            // 429 too: after Retry-After the same request must run, not replay the refusal.
            if (response.getStatus() >= 500 || response.getStatus() == 429) {
                store.forget(claim.id(), claim.token());
                return;
            }
            Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
            String body = response.hasEntity() ? jsonb.toJson(response.getEntity()) : null;
            if (!store.complete(
                    claim.id(),
                    claim.token(),
                    response.getStatus(),
                    location == null ? null : location.toString(),
                    body)) {
                LOG.log(
                        Level.WARNING,
                        "Idempotency key {0}: answer {1} not kept, the claim was taken over by a retry"
                                + " while this attempt ran longer than {2}",
                        new Object[] {claim.id(), response.getStatus(), claimTimeout});
            }
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Idempotency key {0}: answer {1} not recorded ({2}); a retry takes the claim over after {3}",
                    new Object[] {claim.id(), response.getStatus(), e.getMessage(), claimTimeout});
        }
    }

    private static Response inProgress() {
        return problem(
                Problem.of(
                        ProblemType.CONFLICT,
                        "A request with this "
                                + HEADER
                                + " is still in progress; retry in a moment"));
    }

    private static Response problem(Problem problem) {
        return problem.response().build();
    }
}
