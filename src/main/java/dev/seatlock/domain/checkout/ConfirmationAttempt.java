package dev.seatlock.domain.checkout;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Which try at confirming a hold this is: a retry of the same attempt (the same {@code
 * Idempotency-Key}, the same browser checkout) reuses its payment, and with it the gateway's
 * idempotency keys, so it can neither pay twice nor lose track of an authorization the first try
 * took.
 *
 * @param key 16 hex characters
 */
public record ConfirmationAttempt(String key) implements Serializable {

    private static final SecureRandom RANDOM = new SecureRandom();

    public ConfirmationAttempt {
        if (key == null || !key.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("an attempt key is 16 hex characters");
        }
    }

    /**
     * The attempt a client names with its own key (hashed: the key is the client's, of any shape).
     */
    public static ConfirmationAttempt of(String clientKey) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(clientKey.getBytes(StandardCharsets.UTF_8));
            return new ConfirmationAttempt(HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * The attempt a retry moves on to when this one was settled without a booking (voided after a
     * database failure, declined): derived, so that every retry with the same client key walks the
     * same chain.
     */
    public ConfirmationAttempt next() {
        return of(key + "+");
    }

    /** This attempt and the ones after it, {@code count} in all. */
    public List<ConfirmationAttempt> chain(int count) {
        List<ConfirmationAttempt> chain = new ArrayList<>();
        for (ConfirmationAttempt attempt = this; chain.size() < count; attempt = attempt.next()) {
            chain.add(attempt);
        }
        return chain;
    }

    /** An attempt no retry can name: a client that sent no key. */
    public static ConfirmationAttempt unique() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return new ConfirmationAttempt(HexFormat.of().formatHex(bytes));
    }
}
