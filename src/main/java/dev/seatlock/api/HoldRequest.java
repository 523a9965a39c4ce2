package dev.seatlock.api;

import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.hold.HoldSettings;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/v1/holds}: the seats of one flight to hold, and optionally for how long (an
 * ISO-8601 duration up to the configured hold time, e.g. {@code PT5M}, for a partner whose own
 * checkout is shorter).
 */
public record HoldRequest(
        @NotNull
                @Size(max = 6)
                @Pattern(regexp = FlightId.PATTERN, message = "must be a flight id such as SL101")
                String flightId,
        @NotNull @Size(min = 1, max = HoldSettings.MAX_SEATS, message = "must name 1 to 9 seats")
                List<
                                @NotNull @Size(max = 3)
                                @Pattern(
                                        regexp = SeatCode.PATTERN,
                                        message = "must be a seat code such as 12C")
                                String>
                        seats,
        @Size(max = 20)
                @Pattern(
                        regexp = "PT[0-9HMS.]+",
                        message = "must be an ISO-8601 duration such as PT5M")
                String holdFor) {

    java.util.Optional<java.time.Duration> holdDuration() {
        try {
            return java.util.Optional.ofNullable(holdFor).map(java.time.Duration::parse);
        } catch (java.time.format.DateTimeParseException e) {
            throw new dev.seatlock.domain.InvalidRequestException(
                    "holdFor", "holdFor must be an ISO-8601 duration such as PT5M");
        }
    }
}
