package dev.seatlock.profile;

import dev.seatlock.api.PartnerKeys;
import dev.seatlock.infrastructure.payment.PaymentProvider;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;

/**
 * The start-up check that keeps the demo conveniences out of production (README "Running in
 * production"). It runs before every other start-up observer of the application; when the
 * configuration breaks a rule it logs ONE severe line naming the setting and the rule (never a key)
 * and fails the deployment, so the server never becomes ready. What it refuses outside the dev and
 * test profiles: partner keys missing, blank, shorter than 32 characters, listed twice or the
 * README's demo keys ({@link PartnerKeys}); no payment provider named; the embedded Redis. What it
 * only warns about, at every start: the simulated payment gateway, and a test hook that is set but
 * ignored.
 */
@ApplicationScoped
public class ProductionSafeguards {

    private static final Logger LOG = Logger.getLogger(ProductionSafeguards.class.getName());

    /** The configuration key that chooses the payment gateway. */
    public static final String PAYMENT_PROVIDER = "seatlock.payment.provider";

    /**
     * The payment gateways this build has. A gateway added later (its producer chooses it by this
     * key) adds its name here.
     */
    static final Set<String> PAYMENT_PROVIDERS =
            Stream.of(PaymentProvider.values())
                    .map(PaymentProvider::toString)
                    .collect(Collectors.toUnmodifiableSet());

    private static final String PAUSE_HOOK = "seatlock.checkout.pause-before-write";

    private final Config config;

    @Inject
    public ProductionSafeguards(Config config) {
        this.config = config;
    }

    /** For CDI's proxy. */
    protected ProductionSafeguards() {
        this(null);
    }

    void checkAtStart(
            @Observes
                    @Priority(Interceptor.Priority.PLATFORM_BEFORE)
                    @Initialized(ApplicationScoped.class)
                    Object event) {
        List<String> warnings;
        try {
            warnings = check(config);
        } catch (UnsafeConfigurationException e) {
            LOG.log(
                    Level.SEVERE,
                    "SeatLock refuses to start in the {0} profile: {1} (README \"Running in production\")",
                    new Object[] {RuntimeProfile.of(config).label(), e.getMessage()});
            throw e;
        }
        LOG.log(Level.INFO, "SeatLock runs in the {0} profile", RuntimeProfile.of(config).label());
        warnings.forEach(warning -> LOG.warning(warning));
    }

    /**
     * Applies the rules to {@code config}.
     *
     * @return what to warn about at this start (empty in dev and test)
     * @throws UnsafeConfigurationException the first rule broken
     */
    public static List<String> check(Config config) {
        RuntimeProfile profile = RuntimeProfile.of(config);
        boolean production = !profile.allowsDemoConveniences();
        List<String> warnings = new ArrayList<>();

        PartnerKeys.of(config.getOptionalValues(PartnerKeys.PROPERTY, String.class), profile);

        Optional<String> provider =
                config.getOptionalValue(PAYMENT_PROVIDER, String.class)
                        .map(p -> p.strip().toLowerCase(Locale.ROOT))
                        .filter(p -> !p.isEmpty());
        if (provider.isEmpty() && production) {
            throw new UnsafeConfigurationException(
                    PAYMENT_PROVIDER
                            + " is not set: production names its payment gateway explicitly"
                            + " (SEATLOCK_PAYMENT_PROVIDER=stripe, or simulated for the built-in simulator)");
        }
        if (provider.isPresent() && !PAYMENT_PROVIDERS.contains(provider.get())) {
            throw new UnsafeConfigurationException(
                    PAYMENT_PROVIDER
                            + " is "
                            + provider.get()
                            + ": not a payment gateway of this build (one of "
                            + String.join(", ", PAYMENT_PROVIDERS.stream().sorted().toList())
                            + ")");
        }
        if (production && provider.filter("simulated"::equals).isPresent()) {
            warnings.add(
                    PAYMENT_PROVIDER
                            + "=simulated in production: payments go to the built-in card simulator and"
                            + " no card is ever charged; for trials only");
        }

        String embedded =
                config.getOptionalValue("seatlock.redis.embedded", String.class)
                        .orElse("never")
                        .strip()
                        .toLowerCase(Locale.ROOT);
        if (production && embedded.equals("auto")) {
            throw new UnsafeConfigurationException(
                    "seatlock.redis.embedded=auto starts a Redis inside this server, which is for the"
                            + " dev and test profiles only: set REDIS_URL and"
                            + " SEATLOCK_REDIS_EMBEDDED=never");
        }

        if (!profile.allowsTestHooks()) {
            Optional<Duration> pause = config.getOptionalValue(PAUSE_HOOK, Duration.class);
            if (pause.isPresent() && !pause.get().isZero()) {
                warnings.add(
                        PAUSE_HOOK
                                + " is set but ignored: test hooks work in the test profile only");
            }
        }
        return warnings;
    }
}
