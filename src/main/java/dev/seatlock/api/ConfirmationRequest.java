package dev.seatlock.api;

import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.hold.HoldSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/v1/holds/{holdId}/confirmation}: who flies, and how it is paid. */
public record ConfirmationRequest(
        @NotNull
                @Size(
                        min = 1,
                        max = HoldSettings.MAX_SEATS,
                        message = "must name one passenger per held seat")
                List<@NotNull @Valid PassengerInput> passengers,
        @NotNull @Valid PaymentInput payment) {

    /** A passenger for one held seat. */
    public record PassengerInput(
            @NotNull
                    @Size(max = 3)
                    @Pattern(regexp = SeatCode.PATTERN, message = "must be a seat code such as 12C")
                    String seat,
            @NotBlank @Size(max = 60) String firstName,
            @NotBlank @Size(max = 60) String lastName) {}

    /** A card; see the README for test card numbers. */
    public record PaymentInput(
            @NotNull
                    @Pattern(
                            regexp = "[0-9 -]{12,23}",
                            message = "must be the card number's 12 to 19 digits")
                    String cardNumber,
            @NotNull @Pattern(regexp = "(0[1-9]|1[0-2])/[0-9]{2}", message = "must be MM/YY")
                    String expiry,
            @NotNull @Pattern(regexp = "[0-9]{3,4}", message = "must be 3 or 4 digits") String cvc,
            @NotBlank @Size(max = 80) String holder) {

        @Override
        public String toString() {
            return "PaymentInput[card not shown]";
        }
    }
}
