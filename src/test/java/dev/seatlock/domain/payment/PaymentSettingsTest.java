package dev.seatlock.domain.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PaymentSettingsTest {

    private final PaymentSettings settings =
            new PaymentSettings(
                    Duration.ofMinutes(15),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(10),
                    Duration.ofHours(1),
                    Duration.ofMinutes(30),
                    50);

    @Test
    void theReconcilerBacksOffByDoublingFromOneIntervalUpToTheCap() {
        assertThat(settings.backoff(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofSeconds(80));
        assertThat(settings.backoff(9)).as("capped").isEqualTo(Duration.ofHours(1));
        assertThat(settings.backoff(1_000)).as("no overflow").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void durationsThatAreNotPositiveAreRefusedAtStart() {
        assertThatThrownBy(
                        () ->
                                new PaymentSettings(
                                        Duration.ZERO,
                                        Duration.ofSeconds(30),
                                        Duration.ofSeconds(10),
                                        Duration.ofHours(1),
                                        Duration.ofMinutes(30),
                                        50))
                .hasMessageContaining("seatlock.payment.void-after");
        assertThatThrownBy(
                        () ->
                                new PaymentSettings(
                                        Duration.ofMinutes(15),
                                        Duration.ofSeconds(30),
                                        Duration.ofSeconds(10),
                                        Duration.ofHours(1),
                                        Duration.ofMinutes(30),
                                        0))
                .hasMessageContaining("seatlock.payment.reconcile-batch");
    }
}
