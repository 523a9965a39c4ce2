package dev.seatlock.infrastructure.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The Content-Security-Policy of every answer: scripts, styles, images and connections from this
 * origin only, no plugins, no framing by any site. The only inline script, the one Faces renders
 * for {@code f:websocket}, runs because it carries the request's nonce ({@code
 * dev.seatlock.web.ScriptNonceRenderKitFactory} adds it to every script element Faces writes); the
 * only inline style, the {@code display:none} of that websocket's placeholder element, is allowed
 * by its hash.
 */
public final class ContentSecurityPolicy {

    /** The request attribute (and so the EL name {@code #{cspNonce}}) that holds the nonce. */
    public static final String NONCE_ATTRIBUTE = "cspNonce";

    /** The one style attribute MyFaces writes (the f:websocket placeholder). */
    static final String FACES_HIDDEN_STYLE = "display:none";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String STYLE_HASH = "'sha256-" + sha256(FACES_HIDDEN_STYLE) + "'";

    private ContentSecurityPolicy() {}

    /** A fresh nonce: 128 random bits, base64. */
    static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The header's value for an answer whose inline scripts carry {@code nonce}. */
    static String withNonce(String nonce) {
        return "default-src 'self'; script-src 'self' 'nonce-"
                + nonce
                + "'; style-src 'self' 'unsafe-hashes' "
                + STYLE_HASH
                + "; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none';"
                + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
