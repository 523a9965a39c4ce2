package dev.seatlock.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.domain.Money;
import dev.seatlock.domain.flight.Cabin;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatState;
import dev.seatlock.domain.flight.SeatView;
import dev.seatlock.domain.payment.PaymentCard;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words and numbers the buyer pages print, which the browser tests only see in passing. */
class PageWordsTest {

    @Test
    void aTakenSeatIsNamedWithWhatToDoNext() {
        assertThat(SeatMapPage.takenMessage(List.of("12C")))
                .as("one seat")
                .isEqualTo("12C was just taken — choose another seat.");
        assertThat(SeatMapPage.takenMessage(List.of("12C", "12D", "14A")))
                .as("several seats")
                .isEqualTo("12C, 12D and 14A were just taken — choose other seats.");
    }

    @Test
    void pricesShowCentsOnlyWhenThereAreAny() {
        assertThat(Prices.format(new BigDecimal("129.00"), "EUR"))
                .as("whole amount")
                .isEqualTo("129 EUR");
        assertThat(Prices.format(new BigDecimal("129.5"), "EUR"))
                .as("with cents")
                .isEqualTo("129.50 EUR");
    }

    @Test
    void seatLabelsReadAsAScreenReaderShouldSayThem() {
        SeatView exitSeat =
                new SeatView(
                        new SeatCode("12C"),
                        Cabin.ECONOMY,
                        true,
                        new Money(new BigDecimal("129.00"), "EUR"),
                        SeatState.AVAILABLE);
        SeatView held =
                new SeatView(
                        new SeatCode("2A"),
                        Cabin.BUSINESS,
                        false,
                        new Money(new BigDecimal("389.00"), "EUR"),
                        SeatState.HELD);
        assertThat(SeatCell.of(exitSeat, false).label())
                .as("available exit-row seat")
                .isEqualTo("Seat 12C, economy, exit row, 129 EUR, available");
        assertThat(SeatCell.of(held, true).label())
                .as("seat held by someone else")
                .isEqualTo("Seat 2A, business, 389 EUR, held by another buyer");
        assertThat(SeatCell.of(held, true).selected())
                .as("a held seat is never shown as selected")
                .isFalse();
    }

    @Test
    void expiryIsReadAsMonthAndYear() {
        assertThat(PaymentCard.expiryOf("08/29")).as("MM/YY").isEqualTo(YearMonth.of(2029, 8));
        assertThat(PaymentCard.expiryOf("08 / 2031"))
                .as("MM / YYYY")
                .isEqualTo(YearMonth.of(2031, 8));
        assertThat(PaymentCard.expiryOf("13/29")).as("no month 13").isNull();
        assertThat(PaymentCard.expiryOf("0829")).as("no separator").isNull();
    }
}
