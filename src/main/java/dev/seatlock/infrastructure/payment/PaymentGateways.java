package dev.seatlock.infrastructure.payment;

import dev.seatlock.domain.payment.PaymentGateway;
import dev.seatlock.infrastructure.telemetry.TracedPaymentGateway;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Chooses the {@link PaymentGateway} checkout and the reconciler use, by {@code
 * seatlock.payment.provider} ({@code simulated}, the default, or {@code stripe}). The choice and
 * its settings are checked when the application starts: an unknown provider or a missing Stripe key
 * stops the start with one log line naming the setting, instead of failing the first buyer.
 */
@ApplicationScoped
public class PaymentGateways {

    private static final Logger LOG = Logger.getLogger(PaymentGateways.class.getName());

    private final Instance<SimulatedPaymentGateway> simulated;
    private final PaymentProvider provider;
    private final Optional<StripeSettings> stripe;
    private final OpenTelemetry openTelemetry;

    @Inject
    public PaymentGateways(
            Config config,
            Instance<SimulatedPaymentGateway> simulated,
            OpenTelemetry openTelemetry) {
        this.simulated = simulated;
        this.openTelemetry = openTelemetry;
        try {
            this.provider =
                    PaymentProvider.named(
                            config.getOptionalValue(PaymentProvider.SETTING, String.class)
                                    .orElse("simulated"));
            this.stripe =
                    provider == PaymentProvider.STRIPE
                            ? Optional.of(
                                    StripeSettings.from(
                                            name -> config.getOptionalValue(name, String.class)))
                            : Optional.empty();
        } catch (PaymentConfigurationException e) {
            LOG.log(
                    Level.SEVERE,
                    "Payment gateway not configured, the application does not start: {0}",
                    e.getMessage());
            throw e;
        }
    }

    /** For CDI's proxy. */
    protected PaymentGateways() {
        this.simulated = null;
        this.provider = null;
        this.stripe = Optional.empty();
        this.openTelemetry = null;
    }

    /** Reads and checks the settings at start (the constructor runs for this call). */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOG.log(
                Level.INFO,
                "Payment gateway: {0} {1}",
                new Object[] {provider(), stripe.map(String::valueOf).orElse("")});
    }

    public PaymentProvider provider() {
        return provider;
    }

    @Produces
    @ApplicationScoped
    PaymentGateway gateway() {
        PaymentGateway chosen =
                switch (provider) {
                    case STRIPE -> new StripePaymentGateway(stripe.orElseThrow());
                    case SIMULATED -> simulated.get();
                };
        return new TracedPaymentGateway(chosen, openTelemetry);
    }
}
