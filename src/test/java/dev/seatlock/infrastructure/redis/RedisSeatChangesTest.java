package dev.seatlock.infrastructure.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatChange;
import dev.seatlock.domain.flight.SeatCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSeatChangesTest {

    private static final FlightId SL101 = new FlightId("SL101");

    @Test
    void anAnnouncedChangeReadsBackAsTheSameChange() {
        SeatChange held =
                new SeatChange(
                        SL101,
                        SeatChange.Kind.HELD,
                        List.of(new SeatCode("12C"), new SeatCode("12D")));
        String channel = RedisSeatChanges.channel("seatlock:", SL101);

        assertThat(channel)
                .as("the flight is the channel's hash tag")
                .isEqualTo("seatlock:seats:{SL101}");
        assertThat(RedisSeatChanges.parse("seatlock:", channel, RedisSeatChanges.message(held)))
                .contains(held);
    }

    @Test
    void messagesOnOtherChannelsOrInAnotherShapeAreIgnored() {
        assertThat(RedisSeatChanges.parse("seatlock:", "other:seats:{SL101}", "HELD 12C"))
                .isEmpty();
        assertThat(RedisSeatChanges.parse("seatlock:", "seatlock:seats:{SL101}", "STOLEN 12C"))
                .isEmpty();
        assertThat(RedisSeatChanges.parse("seatlock:", "seatlock:seats:{SL101}", "HELD 99"))
                .as("not a seat code")
                .isEmpty();
    }

    @Test
    void anExpiredSeatLeaseIsAnExpiryOfThatSeat() {
        assertThat(RedisSeatChanges.expired("seatlock:", "seatlock:lock:seat:{SL101}:12C"))
                .contains(
                        new SeatChange(
                                SL101, SeatChange.Kind.EXPIRED, List.of(new SeatCode("12C"))));
    }

    @Test
    void otherExpiredKeysAreNotSeatChanges() {
        assertThat(RedisSeatChanges.expired("seatlock:", "seatlock:fence:seat:{SL101}:12C"))
                .as("a fence key")
                .isEmpty();
        assertThat(RedisSeatChanges.expired("seatlock:", "seatlock:lock:hold:abc"))
                .as("a hold's confirm lock")
                .isEmpty();
        assertThat(RedisSeatChanges.expired("seatlock:", "other:lock:seat:{SL101}:12C"))
                .as("another application's key")
                .isEmpty();
    }
}
