package dev.seatlock.api;

import dev.seatlock.limits.LimitExceededException;
import dev.seatlock.limits.LimitSettings;
import dev.seatlock.limits.RateLimiter;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every partner key has a token bucket in Redis, shared by all servers ({@code
 * seatlock.limits.api.partner}); a call without a token is answered 429 with {@code Retry-After}
 * before anything runs. Runs after {@link PartnerAuthentication}, so only a known partner's key has
 * a bucket (a wrong key is refused 401 first, and counted against its client address by {@code
 * dev.seatlock.web.AddressRateLimit}).
 *
 * <p>Fails open: when Redis does not answer, the call goes on uncounted. Whatever needs Redis
 * (holds, seat maps, payments) then answers 503 by itself, and what does not (a booking's details)
 * keeps working; a limiter that turned a Redis outage into refusals would only widen it.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class PartnerRateLimit implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(PartnerRateLimit.class.getName());

    // Field injection: the JAX-RS runtime creates providers through a public no-argument
    // constructor.
    @Inject private RateLimiter limiter;
    @Inject private LimitSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() == null) {
            return;
        }
        String partner = request.getSecurityContext().getUserPrincipal().getName();
        Optional<Duration> wait;
        try {
            wait = limiter.tryTake(settings.partnerRequests(), "partner:" + partner);
        } catch (LockStoreUnavailableException e) {
            LOG.log(Level.FINE, "Partner rate limit not checked: {0}", e.getMessage());
            return;
        }
        if (wait.isPresent()) {
            long seconds = LimitExceededException.retryAfterSeconds(wait.get());
            request.abortWith(
                    Problem.of(
                                    ProblemType.TOO_MANY_REQUESTS,
                                    "Your partner key made more requests than it may ("
                                            + settings.partnerRequests().describe()
                                            + "); try again in "
                                            + seconds
                                            + " s")
                            .at(request.getUriInfo().getRequestUri().getRawPath())
                            .response()
                            .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                            .build());
        }
    }
}
