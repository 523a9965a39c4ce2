package dev.seatlock.domain.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.domain.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeatCodesAndLayoutTest {

    private final Flight flight =
            new Flight(
                    new FlightId("SL101"),
                    "AMS",
                    "LIS",
                    Instant.now(),
                    new BigDecimal("389.00"),
                    new BigDecimal("129.00"),
                    "EUR");

    @ParameterizedTest
    @ValueSource(strings = {"99Z", "../../x", "", "12", "C12", "123A", "0A", "12c", "12C "})
    void malformedSeatCodesAreRefusedWithoutEchoingLongInput(String input) {
        assertThatThrownBy(() -> new SeatCode(input))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not a seat code");
    }

    @Test
    void aTenKilobyteSeatCodeIsShortenedInTheErrorMessage() {
        assertThatThrownBy(() -> new SeatCode("A".repeat(10_240)))
                .satisfies(failure -> assertThat(failure.getMessage()).hasSizeLessThan(100));
    }

    @Test
    void seatsSortByRowThenLetter() {
        assertThat(new SeatCode("2A")).isLessThan(new SeatCode("10A"));
        assertThat(new SeatCode("10A")).isLessThan(new SeatCode("10B"));
    }

    @Test
    void anA320HasThirtyRowsOfSixWithBusinessInFront() {
        SeatLayout layout = SeatLayout.A320;
        assertThat(layout.seats()).hasSize(180).first().isEqualTo(new SeatCode("1A"));
        assertThat(layout.cabinOf(new SeatCode("3F"))).isEqualTo(Cabin.BUSINESS);
        assertThat(layout.cabinOf(new SeatCode("4A"))).isEqualTo(Cabin.ECONOMY);
        assertThat(layout.has(new SeatCode("30F"))).isTrue();
        assertThat(layout.has(new SeatCode("31A"))).isFalse();
        assertThat(layout.has(new SeatCode("12G"))).isFalse();
    }

    @Test
    void aSeatTheAircraftLacksIsRefusedByTheFlight() {
        assertThatThrownBy(() -> flight.seat(new SeatCode("31A")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("has no seat 31A");
        assertThat(flight.fareFor(new SeatCode("1A"))).isEqualByComparingTo("389.00");
        assertThat(flight.fareFor(new SeatCode("20A"))).isEqualByComparingTo("129.00");
    }

    @Test
    void allSeatsOfAFlightShareOneRedisClusterHashTag() {
        SeatId seat = flight.seat(new SeatCode("12C"));
        assertThat(seat.lockKey()).isEqualTo("seat:{SL101}:12C");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SL", "sl101", "SL12345", "XX-1", "SL101/../x"})
    void malformedFlightIdsAreRefused(String input) {
        assertThatThrownBy(() -> new FlightId(input)).isInstanceOf(InvalidRequestException.class);
    }
}
