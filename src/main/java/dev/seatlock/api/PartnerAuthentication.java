package dev.seatlock.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;

/**
 * Every API call must carry a partner's key, as {@code Authorization: Bearer <key>} or {@code
 * X-API-Key: <key>}; the partner becomes the request's principal and owns what it creates.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class PartnerAuthentication implements ContainerRequestFilter {

    static final String API_KEY_HEADER = "X-API-Key";

    // Field injection: the JAX-RS runtime creates providers through a public no-argument
    // constructor.
    @Inject private PartnerKeys partnerKeys;

    @Override
    public void filter(ContainerRequestContext request) {
        String key = presentedKey(request);
        String partner = key == null ? null : partnerKeys.partnerFor(key).orElse(null);
        if (partner == null) {
            throw new NotAuthorizedException("Bearer realm=\"seatlock\"");
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new PartnerSecurityContext(partner, secure));
    }

    private static String presentedKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        return request.getHeaderString(API_KEY_HEADER);
    }

    private record PartnerSecurityContext(String partner, boolean secure)
            implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return () -> partner;
        }

        @Override
        public boolean isUserInRole(String role) {
            return "partner".equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
