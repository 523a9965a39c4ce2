package dev.seatlock.domain.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.testing.MapConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckoutTestHookTest {

    private static final String HOOK = "seatlock.checkout.pause-before-write";

    @Test
    void thePauseBeforeWriteHookWorksInTheTestProfile() {
        assertThat(
                        CheckoutService.testPause(
                                new MapConfig(Map.of("mp.config.profile", "test", HOOK, "PT3S"))))
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void productionAndDevIgnoreThePauseBeforeWriteHook() {
        assertThat(CheckoutService.testPause(new MapConfig(Map.of(HOOK, "PT3S"))))
                .as("production")
                .isZero();
        assertThat(
                        CheckoutService.testPause(
                                new MapConfig(Map.of("mp.config.profile", "dev", HOOK, "PT3S"))))
                .as("dev")
                .isZero();
    }
}
