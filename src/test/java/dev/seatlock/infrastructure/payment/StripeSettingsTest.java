package dev.seatlock.infrastructure.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.infrastructure.payment.StripeSettings.CardData;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StripeSettingsTest {

    private static final String SECRET = "sk_test_51SeatLockSecretKey0000000000";

    private final Map<String, String> config = new HashMap<>();

    @Test
    void onlyTheKeyIsRequiredAndTheRestHasDefaults() {
        config.put(StripeSettings.SECRET_KEY, SECRET);

        StripeSettings settings = read();

        assertThat(settings.apiBase()).isEqualTo(URI.create("https://api.stripe.com"));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.cardData()).isEqualTo(CardData.TEST_PAYMENT_METHODS);
        assertThat(settings.testMode()).isTrue();
    }

    @Test
    void aMissingKeyRefusesToStartNamingTheSetting() {
        assertThatThrownBy(this::read)
                .isInstanceOf(PaymentConfigurationException.class)
                .hasMessageContaining("seatlock.payment.stripe.secret-key")
                .hasMessageContaining("SEATLOCK_PAYMENT_STRIPE_SECRET_KEY");
    }

    @Test
    void aMalformedKeyIsRefusedWithoutRepeatingIt() {
        config.put(StripeSettings.SECRET_KEY, "pk_test_publishableNotSecret");

        assertThatThrownBy(this::read)
                .as("a publishable key is not a secret key")
                .isInstanceOf(PaymentConfigurationException.class)
                .hasMessageContaining("must be a Stripe secret key")
                .hasMessageNotContaining("publishableNotSecret");
    }

    @Test
    void testPaymentMethodsNeedATestKey() {
        config.put(StripeSettings.SECRET_KEY, "sk_live_51SeatLockLive");

        assertThatThrownBy(this::read)
                .isInstanceOf(PaymentConfigurationException.class)
                .hasMessageContaining("test mode only")
                .hasMessageNotContaining("SeatLockLive");
        config.put(StripeSettings.CARD_DATA, "raw");
        assertThat(read().testMode()).isFalse();
    }

    @Test
    void timeOutsAndTheCardDataModeAreChecked() {
        config.put(StripeSettings.SECRET_KEY, SECRET);
        config.put(StripeSettings.READ_TIMEOUT, "PT0S");
        assertThatThrownBy(this::read).hasMessageContaining(StripeSettings.READ_TIMEOUT);
        config.put(StripeSettings.READ_TIMEOUT, "ten seconds");
        assertThatThrownBy(this::read).hasMessageContaining("ISO-8601");
        config.remove(StripeSettings.READ_TIMEOUT);
        config.put(StripeSettings.CARD_DATA, "tokens");
        assertThatThrownBy(this::read).hasMessageContaining("test-payment-methods or raw");
    }

    @Test
    void theSettingsShowNoSecret() {
        config.put(StripeSettings.SECRET_KEY, SECRET);
        config.put(StripeSettings.API_BASE, "http://localhost:8089/");

        StripeSettings settings = read();

        assertThat(settings.apiBase())
                .as("trailing slash dropped")
                .hasToString("http://localhost:8089");
        assertThat(settings.toString())
                .as("masked")
                .contains("sk_test_****")
                .doesNotContain("SeatLockSecretKey");
    }

    @Test
    void theProviderIsSimulatedOrStripeAndNothingElse() {
        assertThat(PaymentProvider.named("Stripe")).isEqualTo(PaymentProvider.STRIPE);
        assertThat(PaymentProvider.named(" simulated ")).isEqualTo(PaymentProvider.SIMULATED);
        assertThatThrownBy(() -> PaymentProvider.named("paypal"))
                .isInstanceOf(PaymentConfigurationException.class)
                .hasMessageContaining("seatlock.payment.provider must be simulated or stripe");
    }

    private StripeSettings read() {
        return StripeSettings.from(name -> Optional.ofNullable(config.get(name)));
    }
}
