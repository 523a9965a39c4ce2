package dev.seatlock.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.testing.MapConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductionSafeguardsTest {

    private static final String KEYS =
            "alpha=a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8,beta=0123456789abcdef0123456789abcdef-beta";

    /** A production configuration that passes every rule. */
    private final Map<String, String> production =
            new HashMap<>(
                    Map.of(
                            "seatlock.api.keys", KEYS,
                            "seatlock.payment.provider", "simulated",
                            "seatlock.redis.embedded", "never"));

    private List<String> check() {
        return ProductionSafeguards.check(new MapConfig(production));
    }

    @Test
    void noProfileIsProductionAndDevAndTestAreTheirOwn() {
        assertThat(RuntimeProfile.of(new MapConfig(Map.of()))).isEqualTo(RuntimeProfile.PRODUCTION);
        assertThat(RuntimeProfile.of(new MapConfig(Map.of("mp.config.profile", "staging"))))
                .isEqualTo(RuntimeProfile.PRODUCTION);
        assertThat(RuntimeProfile.of(new MapConfig(Map.of("mp.config.profile", "dev"))))
                .isEqualTo(RuntimeProfile.DEV);
        assertThat(RuntimeProfile.of(new MapConfig(Map.of("mp.config.profile", "test"))))
                .isEqualTo(RuntimeProfile.TEST);
        assertThat(RuntimeProfile.TEST.allowsTestHooks()).isTrue();
        assertThat(RuntimeProfile.DEV.allowsTestHooks()).as("dev has no test hooks").isFalse();
    }

    @Test
    void productionRefusesToStartWithoutAnExplicitPaymentProvider() {
        production.remove("seatlock.payment.provider");

        assertThatThrownBy(this::check)
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("seatlock.payment.provider is not set");
    }

    @Test
    void theSimulatedGatewayInProductionIsAWarningAtEveryStart() {
        assertThat(check())
                .as("warnings of a production start with provider=simulated")
                .anySatisfy(w -> assertThat(w).contains("simulated", "no card is ever charged"));
    }

    @Test
    void anUnknownPaymentProviderIsRefusedInEveryProfile() {
        production.put("seatlock.payment.provider", "acme-pay");
        assertThatThrownBy(this::check).hasMessageContaining("not a payment gateway of this build");

        production.put("mp.config.profile", "dev");
        assertThatThrownBy(this::check).hasMessageContaining("acme-pay");
    }

    @Test
    void productionRefusesTheEmbeddedRedis() {
        production.put("seatlock.redis.embedded", "auto");

        assertThatThrownBy(this::check)
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("seatlock.redis.embedded=auto")
                .hasMessageContaining("dev and test profiles only");
    }

    @Test
    void productionRefusesTheDemoKeys() {
        production.put("seatlock.api.keys", "alpha-travel=demo-key-alpha-travel");

        assertThatThrownBy(this::check).hasMessageContaining("demo keys");
    }

    @Test
    void aTestHookSetInProductionIsIgnoredWithAWarning() {
        production.put("seatlock.checkout.pause-before-write", "PT3S");

        assertThat(check())
                .anySatisfy(w -> assertThat(w).contains("pause-before-write", "ignored"));
    }

    @Test
    void devStartsWithItsDefaultsAndWarnsAboutNothing() {
        Map<String, String> dev =
                Map.of(
                        "mp.config.profile", "dev",
                        "seatlock.api.keys", "alpha-travel=demo-key-alpha-travel",
                        "seatlock.payment.provider", "simulated",
                        "seatlock.redis.embedded", "auto");

        assertThat(ProductionSafeguards.check(new MapConfig(dev))).isEmpty();
    }
}
