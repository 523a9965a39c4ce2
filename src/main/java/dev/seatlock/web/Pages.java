package dev.seatlock.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The few Faces chores every page bean needs: messages, messages that survive a redirect, the
 * request.
 */
final class Pages {

    private Pages() {}

    static void error(String message) {
        add(null, FacesMessage.SEVERITY_ERROR, message);
    }

    static void fieldError(String clientId, String message) {
        add(clientId, FacesMessage.SEVERITY_ERROR, message);
    }

    static void info(String message) {
        add(null, FacesMessage.SEVERITY_INFO, message);
    }

    /** Keeps this request's messages for the page the browser is redirected to. */
    static void keepMessages() {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
    }

    static String[] parameterValues(String name) {
        String[] values =
                FacesContext.getCurrentInstance()
                        .getExternalContext()
                        .getRequestParameterValuesMap()
                        .get(name);
        return values == null ? new String[0] : values;
    }

    static HttpServletRequest request() {
        return (HttpServletRequest)
                FacesContext.getCurrentInstance().getExternalContext().getRequest();
    }

    /**
     * Answers this request 429 with {@code Retry-After} (a limit was reached, README "Abuse
     * limits"); the page still renders, with the message that says so.
     */
    static void tooManyRequests(long retryAfterSeconds) {
        jakarta.faces.context.ExternalContext external =
                FacesContext.getCurrentInstance().getExternalContext();
        external.setResponseStatus(429);
        external.setResponseHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** "2 minutes", "40 seconds": a wait, for a person. */
    static String waitText(long seconds) {
        if (seconds >= 90) {
            long minutes = (seconds + 59) / 60;
            return minutes + " minutes";
        }
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }

    private static void add(String clientId, FacesMessage.Severity severity, String message) {
        FacesContext.getCurrentInstance()
                .addMessage(clientId, new FacesMessage(severity, message, null));
    }
}
