package dev.seatlock.infrastructure.http;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Marks the session cookie {@code Secure} when {@code seatlock.web.secure-cookie} is on
 * (production): a browser then never sends it over plain HTTP, where anyone on the way could take
 * the session. HttpOnly and SameSite=Lax come from web.xml. Set at start, the only time the servlet
 * API allows it.
 */
@WebListener
public class SessionCookieSecurity implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (WebSecuritySettings.of(ConfigProvider.getConfig()).secureCookie()) {
            event.getServletContext().getSessionCookieConfig().setSecure(true);
        }
    }
}
