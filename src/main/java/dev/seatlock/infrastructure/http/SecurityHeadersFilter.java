package dev.seatlock.infrastructure.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every answer of the application (pages, their resources, error pages, the partner API) leaves
 * through here, and gets its security headers: the {@link ContentSecurityPolicy} with a nonce of
 * its own, {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy:
 * strict-origin-when-cross-origin} (the protected views check the Referer of this origin), HSTS on
 * HTTPS answers, and {@code Cache-Control: no-store} where the answer is about one buyer (checkout,
 * confirmation, My booking, the API). With {@code seatlock.web.https-redirect} (production), a
 * request that did not come over HTTPS is redirected to HTTPS instead.
 *
 * <p>"Came over HTTPS" is {@link HttpServletRequest#isSecure()}: Liberty's {@code remoteIp}
 * (server.xml) makes it true for a plain-HTTP request with {@code X-Forwarded-Proto: https} only
 * when the connection comes from one of the {@code trusted.proxies}; anyone else's header is
 * ignored.
 */
@WebFilter(
        filterName = "SecurityHeaders",
        urlPatterns = "/*",
        asyncSupported = true,
        dispatcherTypes = {
            DispatcherType.REQUEST,
            DispatcherType.FORWARD,
            DispatcherType.ERROR,
            DispatcherType.ASYNC
        })
public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Pages and answers about one buyer: never kept by a browser or a proxy. */
    private static final Set<String> PERSONAL_PAGES =
            Set.of("/checkout.xhtml", "/confirmation.xhtml", "/my-booking.xhtml");

    private transient WebSecuritySettings settings;

    /** Reads the settings once; the container creates the filter, so no constructor injection. */
    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        settings = WebSecuritySettings.of(ConfigProvider.getConfig());
    }

    @Override
    protected void doFilter(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.REQUEST
                && settings.httpsRedirect()
                && !request.isSecure()) {
            redirectToHttps(request, response);
            return;
        }
        String nonce = (String) request.getAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE);
        if (nonce == null) {
            nonce = ContentSecurityPolicy.newNonce();
            request.setAttribute(ContentSecurityPolicy.NONCE_ATTRIBUTE, nonce);
        }
        response.setHeader("Content-Security-Policy", ContentSecurityPolicy.withNonce(nonce));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        if (request.isSecure() && !settings.hsts().isEmpty()) {
            response.setHeader("Strict-Transport-Security", settings.hsts());
        }
        if (personal(request)) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }

    /** The same address over HTTPS: 301 for GET and HEAD, 308 (method and body kept) otherwise. */
    private void redirectToHttps(HttpServletRequest request, HttpServletResponse response) {
        StringBuilder target = new StringBuilder("https://").append(host(request));
        if (settings.httpsPort() != 443) {
            target.append(':').append(settings.httpsPort());
        }
        target.append(request.getRequestURI());
        if (request.getQueryString() != null) {
            target.append('?').append(request.getQueryString());
        }
        boolean safe = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        response.setStatus(safe ? HttpServletResponse.SC_MOVED_PERMANENTLY : 308);
        response.setHeader("Location", target.toString());
        response.setHeader("Cache-Control", "no-store");
    }

    /** The host the client asked for; an IPv6 literal keeps its brackets. */
    private static String host(HttpServletRequest request) {
        String name = request.getServerName();
        return name.indexOf(':') >= 0 && !name.startsWith("[") ? "[" + name + "]" : name;
    }

    private static boolean personal(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String failed ? failed : request.getRequestURI();
        String path = uri.substring(request.getContextPath().length());
        return PERSONAL_PAGES.contains(path) || path.startsWith("/api/");
    }
}
