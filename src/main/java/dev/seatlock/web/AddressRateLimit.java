package dev.seatlock.web;

import dev.seatlock.limits.LimitExceededException;
import dev.seatlock.limits.LimitSettings;
import dev.seatlock.limits.RateLimiter;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every client address has a token bucket in Redis, shared by all servers ({@code
 * seatlock.limits.address}), for pages and API calls alike; a request without a token is answered
 * 429 with {@code Retry-After}: a short page for a browser, a problem for the API. Static resources
 * ({@code /jakarta.faces.resource/}, images) are not counted: a page load is one request. The
 * address is the request's remote address, which {@code <remoteIp>} in server.xml makes the real
 * client's behind a trusted proxy.
 *
 * <p>Fails open when Redis does not answer, for the reasons given on {@code
 * dev.seatlock.api.PartnerRateLimit}.
 */
@WebFilter(
        filterName = "AddressRateLimit",
        urlPatterns = {"*.xhtml", "/api/*"})
public class AddressRateLimit extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AddressRateLimit.class.getName());

    // Field injection: the servlet container creates filters through a no-argument constructor.
    @Inject private transient RateLimiter limiter;
    @Inject private transient LimitSettings settings;

    @Override
    protected void doFilter(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/jakarta.faces.resource/")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Duration> wait;
        try {
            wait = limiter.tryTake(settings.addressRequests(), "addr:" + request.getRemoteAddr());
        } catch (LockStoreUnavailableException e) {
            LOG.log(Level.FINE, "Address rate limit not checked: {0}", e.getMessage());
            chain.doFilter(request, response);
            return;
        }
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = LimitExceededException.retryAfterSeconds(wait.get());
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (path.startsWith("/api/")) {
            response.setContentType("application/problem+json");
            response.getWriter()
                    .write(
                            "{\"type\":\"https://seatlock.example/problems/too-many-requests\","
                                    + "\"title\":\"Too many requests\",\"status\":429,"
                                    + "\"detail\":\"Too many requests from your address ("
                                    + settings.addressRequests().describe()
                                    + "); try again in "
                                    + seconds
                                    + " s\"}");
            return;
        }
        response.setContentType("text/html");
        response.getWriter()
                .write(
                        """
                        <!DOCTYPE html>
                        <html lang="en"><head><meta charset="utf-8">
                        <meta name="viewport" content="width=device-width, initial-scale=1">
                        <title>Too many requests — SeatLock</title></head>
                        <body><main id="too-many-requests">
                        <h1>Too many requests</h1>
                        <p>We received more requests from your connection than we can answer.
                        Please wait %d seconds, then try again.</p>
                        </main></body></html>
                        """
                                .formatted(seconds));
    }
}
