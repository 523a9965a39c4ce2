package dev.seatlock.infrastructure.payment;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How SeatLock talks to Stripe ({@code seatlock.payment.stripe.*}, README "Payments"). Read and
 * checked once, when the application starts, so that a missing key stops the server instead of the
 * first buyer. {@link #toString()} masks the secret key: these settings may be logged, the key
 * never is.
 *
 * @param secretKey the account's secret ({@code sk_...}) or restricted ({@code rk_...}) key
 * @param apiBase where Stripe's API is; {@code https://api.stripe.com} but in tests
 * @param connectTimeout how long to wait for a connection to Stripe
 * @param readTimeout how long to wait for Stripe's answer once connected: the buyer waits, holding
 *     the seats' lock, that long at most
 * @param cardData how a {@link dev.seatlock.domain.payment.PaymentCard} reaches Stripe
 */
public record StripeSettings(
        String secretKey,
        URI apiBase,
        Duration connectTimeout,
        Duration readTimeout,
        CardData cardData) {

    public static final String SECRET_KEY = "seatlock.payment.stripe.secret-key";
    public static final String API_BASE = "seatlock.payment.stripe.api-base";
    public static final String CONNECT_TIMEOUT = "seatlock.payment.stripe.connect-timeout";
    public static final String READ_TIMEOUT = "seatlock.payment.stripe.read-timeout";
    public static final String CARD_DATA = "seatlock.payment.stripe.card-data";

    /** How the card the buyer typed is sent to Stripe. */
    public enum CardData {
        /**
         * Test mode: the card number picks one of Stripe's documented test PaymentMethods ({@code
         * pm_card_visa}, ...); no card number leaves the server. Needs a test key.
         */
        TEST_PAYMENT_METHODS,
        /**
         * The number, expiry and CVC in {@code payment_method_data[card]}: Stripe accepts that only
         * from accounts allowed to send raw card data (PCI DSS attestation).
         */
        RAW
    }

    public StripeSettings {
        if (secretKey == null || !secretKey.matches("(sk|rk)_(test|live)_[A-Za-z0-9_]+")) {
            throw new PaymentConfigurationException(
                    SECRET_KEY
                            + " must be a Stripe secret key (sk_test_..., sk_live_..., rk_...),"
                            + " given by configuration or SEATLOCK_PAYMENT_STRIPE_SECRET_KEY");
        }
        if (apiBase == null
                || !("https".equals(apiBase.getScheme()) || "http".equals(apiBase.getScheme()))
                || apiBase.getHost() == null) {
            throw new PaymentConfigurationException(
                    API_BASE + " must be an http(s) URL, was " + apiBase);
        }
        requirePositive(CONNECT_TIMEOUT, connectTimeout);
        requirePositive(READ_TIMEOUT, readTimeout);
        if (cardData == CardData.TEST_PAYMENT_METHODS && !isTestKey(secretKey)) {
            throw new PaymentConfigurationException(
                    CARD_DATA
                            + "=test-payment-methods works in test mode only: use a sk_test_ key,"
                            + " or card-data=raw where the Stripe account may send raw card data");
        }
    }

    /**
     * The settings named by {@code setting} (MicroProfile Config in the server), defaults filled
     * in.
     *
     * @throws PaymentConfigurationException when one is missing or malformed
     */
    public static StripeSettings from(Function<String, Optional<String>> setting) {
        return new StripeSettings(
                setting.apply(SECRET_KEY).map(String::strip).orElse(null),
                uri(setting.apply(API_BASE).orElse("https://api.stripe.com")),
                duration(CONNECT_TIMEOUT, setting.apply(CONNECT_TIMEOUT).orElse("PT2S")),
                duration(READ_TIMEOUT, setting.apply(READ_TIMEOUT).orElse("PT10S")),
                cardData(setting.apply(CARD_DATA).orElse("test-payment-methods")));
    }

    /** Whether the key is a test-mode one: no real money moves. */
    public boolean testMode() {
        return isTestKey(secretKey);
    }

    @Override
    public String toString() {
        return "StripeSettings[secretKey="
                + secretKey.substring(0, secretKey.indexOf('_', 3) + 1)
                + "****, apiBase="
                + apiBase
                + ", connectTimeout="
                + connectTimeout
                + ", readTimeout="
                + readTimeout
                + ", cardData="
                + cardData
                + "]";
    }

    private static boolean isTestKey(String key) {
        return key.startsWith("sk_test_") || key.startsWith("rk_test_");
    }

    private static URI uri(String text) {
        try {
            return URI.create(text.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new PaymentConfigurationException(API_BASE + " is not a URL: " + text);
        }
    }

    private static Duration duration(String name, String text) {
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new PaymentConfigurationException(
                    name + " must be an ISO-8601 duration (PT2S), was " + text);
        }
    }

    private static CardData cardData(String text) {
        try {
            return CardData.valueOf(text.strip().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PaymentConfigurationException(
                    CARD_DATA + " must be test-payment-methods or raw, was " + text);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new PaymentConfigurationException(name + " must be positive, was " + value);
        }
    }
}
