package dev.seatlock.domain.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.domain.payment.Payment;
import org.junit.jupiter.api.Test;

class ConfirmationAttemptTest {

    @Test
    void theSameClientKeyAlwaysNamesTheSameAttemptAndChain() {
        ConfirmationAttempt first = ConfirmationAttempt.of("order-4711");
        ConfirmationAttempt again = ConfirmationAttempt.of("order-4711");

        assertThat(again).as("a retry on any server").isEqualTo(first);
        assertThat(again.chain(5))
                .as("the tries after a settled failure")
                .isEqualTo(first.chain(5));
        assertThat(first.chain(5)).doesNotHaveDuplicates().startsWith(first);
        assertThat(ConfirmationAttempt.of("order-4712")).isNotEqualTo(first);
    }

    @Test
    void attemptsWithoutAClientKeyNeverMeet() {
        assertThat(ConfirmationAttempt.unique()).isNotEqualTo(ConfirmationAttempt.unique());
    }

    @Test
    void anAttemptKeyFitsThePaymentIdBesideAHoldId() {
        String paymentId =
                Payment.idOf("A".repeat(22), ConfirmationAttempt.of("x".repeat(100)).key());
        assertThat(paymentId).hasSizeLessThanOrEqualTo(40);
        assertThatThrownBy(() -> new ConfirmationAttempt("not-hex"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
