package dev.seatlock.domain.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.domain.InvalidRequestException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HoldSettingsTest {

    private final HoldSettings settings = new HoldSettings(Duration.ofMinutes(10));

    @Test
    void aHoldLastsTheConfiguredTimeUnlessTheBuyerAsksForLess() {
        assertThat(settings.ttlFor(Optional.empty())).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.ttlFor(Optional.of(Duration.ofMinutes(2))))
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aBuyerCannotAskForMoreThanTheConfiguredTimeOrLessThanASecond() {
        assertThatThrownBy(() -> settings.ttlFor(Optional.of(Duration.ofMinutes(11))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> settings.ttlFor(Optional.of(Duration.ofMillis(500))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aZeroOrNegativeConfiguredTimeIsAConfigurationError() {
        assertThatThrownBy(() -> new HoldSettings(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
