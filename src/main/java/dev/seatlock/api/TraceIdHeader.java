package dev.seatlock.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Puts the request's trace id on every API answer as {@value TraceIds#HEADER}: successes, problems,
 * answers a filter gave before any resource ran (401, 413) and idempotent replays alike. A replay's
 * header names the retry's own trace; the replayed problem body keeps the {@code traceId} of the
 * attempt that did the work. No header while tracing is off.
 */
@Provider
public class TraceIdHeader implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        TraceIds.current()
                .ifPresent(traceId -> response.getHeaders().putSingle(TraceIds.HEADER, traceId));
    }
}
