package dev.seatlock.api;

import jakarta.ws.rs.core.SecurityContext;

/**
 * Turns the authenticated partner into the owner name under which its holds and bookings are kept.
 */
final class Partner {

    private Partner() {}

    static String owner(SecurityContext security) {
        return "partner:" + security.getUserPrincipal().getName();
    }
}
