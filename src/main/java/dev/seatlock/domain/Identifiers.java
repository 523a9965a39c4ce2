package dev.seatlock.domain;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers for holds, and short readable ones for booking references. */
public final class Identifiers {

    /** No 0/O, 1/I/L: a reference is read aloud over the phone. */
    private static final char[] REFERENCE_ALPHABET =
            "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();

    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifiers() {}

    /** 128 random bits, URL-safe: 22 characters. */
    public static String holdId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * 8 characters, about 40 bits; a booking is only shown to its owner or with the passenger's
     * name.
     */
    public static String bookingReference() {
        char[] reference = new char[8];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = REFERENCE_ALPHABET[RANDOM.nextInt(REFERENCE_ALPHABET.length)];
        }
        return new String(reference);
    }
}
