package dev.seatlock.domain.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.domain.InvalidRequestException;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class PaymentCardTest {

    private static final YearMonth NEXT_YEAR = YearMonth.now().plusYears(1);

    @Test
    void aValidCardKeepsOnlyItsLastFourDigitsInItsDescription() {
        PaymentCard card = new PaymentCard("4242 4242 4242 4242", NEXT_YEAR, "123", "Ada Lovelace");

        assertThat(card.last4()).isEqualTo("4242");
        assertThat(card.toString()).doesNotContain("42424242").contains("4242");
    }

    @Test
    void aMistypedDigitFailsTheLuhnCheck() {
        assertThat(PaymentCard.passesLuhn("4242424242424242")).isTrue();
        assertThat(PaymentCard.passesLuhn("4242424242424241")).isFalse();
        assertThatThrownBy(() -> new PaymentCard("4242424242424241", NEXT_YEAR, "123", "Ada"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("card number");
    }

    @Test
    void anExpiredCardABadSecurityCodeAndAMissingHolderAreRefused() {
        assertThatThrownBy(
                        () ->
                                new PaymentCard(
                                        "4242424242424242",
                                        YearMonth.now().minusMonths(1),
                                        "123",
                                        "Ada"))
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> new PaymentCard("4242424242424242", NEXT_YEAR, "12", "Ada"))
                .hasMessageContaining("security code");
        assertThatThrownBy(() -> new PaymentCard("4242424242424242", NEXT_YEAR, "123", " "))
                .hasMessageContaining("holder");
    }
}
