package dev.seatlock.infrastructure.http;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * How the application guards its HTTP answers (README "TLS and security headers"). Production
 * values by default; the {@code dev} and {@code test} profiles turn the HTTPS redirect and the
 * Secure cookie off, because their servers are reached over plain HTTP.
 *
 * @param httpsRedirect whether a request that did not come over HTTPS (directly, or through a
 *     trusted proxy's {@code X-Forwarded-Proto}) is sent to the HTTPS address instead of answered
 * @param httpsPort the port of that address; 443 is left out of it
 * @param secureCookie whether the session cookie carries {@code Secure}
 * @param hstsMaxAge how long a browser that got an HTTPS answer goes on using HTTPS only ({@code
 *     Strict-Transport-Security}); zero: no such header
 */
public record WebSecuritySettings(
        boolean httpsRedirect, int httpsPort, boolean secureCookie, Duration hstsMaxAge) {

    /** The {@code Strict-Transport-Security} value, or empty for none. */
    String hsts() {
        return hstsMaxAge.isZero() || hstsMaxAge.isNegative()
                ? ""
                : "max-age=" + hstsMaxAge.toSeconds();
    }

    static WebSecuritySettings of(Config config) {
        return new WebSecuritySettings(
                config.getOptionalValue("seatlock.web.https-redirect", Boolean.class).orElse(true),
                config.getOptionalValue("seatlock.web.https-port", Integer.class).orElse(443),
                config.getOptionalValue("seatlock.web.secure-cookie", Boolean.class).orElse(true),
                config.getOptionalValue("seatlock.web.hsts-max-age", Duration.class)
                        .orElse(Duration.ofDays(365)));
    }
}
