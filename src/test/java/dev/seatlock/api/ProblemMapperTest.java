package dev.seatlock.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.booking.BookingStoreUnavailableException;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.hold.HoldExpiredException;
import dev.seatlock.domain.hold.SeatsUnavailableException;
import dev.seatlock.domain.payment.PaymentDeclinedException;
import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.json.bind.JsonbException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

    @Test
    void domainFailuresGetTheirStatusAndStableType() {
        assertThat(ProblemMapper.problemFor(new NotFoundException("hold", "x")).status())
                .isEqualTo(404);
        assertThat(ProblemMapper.problemFor(new PaymentDeclinedException("declined")).status())
                .isEqualTo(402);
        assertThat(
                        ProblemMapper.problemFor(new HoldExpiredException("expired", true))
                                .paymentVoided())
                .isTrue();
        assertThat(
                        ProblemMapper.problemFor(
                                        new LockNotAcquiredException(List.of("k"), Duration.ZERO))
                                .status())
                .isEqualTo(409);
        Problem taken =
                ProblemMapper.problemFor(
                        new SeatsUnavailableException(List.of(new SeatCode("12C"))));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.type()).endsWith("/seats-unavailable");
        assertThat(taken.seats()).containsExactly("12C");
        assertThat(taken.detail())
                .isEqualTo("Seat 12C was just taken by another buyer; choose other seats");
    }

    @Test
    void redisDownIs503AndSaysNothingWasHeldOrCharged() {
        Problem problem =
                ProblemMapper.problemFor(
                        new LockStoreUnavailableException(
                                "Redis at x timed out", new ConnectException()));

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.detail()).contains("nothing was held or charged");
    }

    @Test
    void anUnknownJsonFieldIsNamedWithoutJavaClassNames() {
        Problem problem =
                ProblemMapper.problemFor(
                        new JsonbException(
                                "Json property price can not be mapped to a class class dev.seatlock.api.HoldRequest"));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail())
                .contains("unknown field 'price'")
                .doesNotContain("dev.seatlock");
    }

    @Test
    void anUnexpectedFailureShowsAnIncidentIdAndNoInternals() {
        Problem problem = ProblemMapper.problemFor(new IllegalStateException("secret internals"));

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.detail()).contains("incident").doesNotContain("secret");
    }

    @Test
    void aLeaseLostUnderARequestIs503NotAnUnexpectedError() {
        LeaseLostException lost =
                new LeaseLostException(
                        List.of("seat:{SL101}:1A"),
                        "SeatHolder.take: cannot tell whether it is still held: LockStoreUnavailableException");
        lost.initCause(new IllegalStateException("rolled back"));

        Problem problem = ProblemMapper.problemFor(lost);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.type()).endsWith("lock-service-unavailable");
        assertThat(problem.detail()).contains("nothing was held or charged");
    }

    @Test
    void aLeaseLostWhilePayingKeepsTheHoldExpiredAnswerWithThePaymentVoided() {
        LeaseLostException lost =
                new LeaseLostException(List.of("confirm:{H1}"), "CheckoutService.confirm: expired");
        lost.initCause(new HoldExpiredException("Hold H1 expired before payment completed", true));

        Problem problem = ProblemMapper.problemFor(lost);

        assertThat(problem.status()).isEqualTo(410);
        assertThat(problem.paymentVoided()).isTrue();
    }

    @Test
    void aDatabaseOutageDuringCheckoutIs503WithThePaymentVoided() {
        Problem problem =
                ProblemMapper.problemFor(
                        new BookingStoreUnavailableException(
                                "the database does not answer",
                                new java.sql.SQLException("connection refused", "08001")));

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.type()).endsWith("database-unavailable");
        assertThat(problem.paymentVoided()).isTrue();
    }
}
