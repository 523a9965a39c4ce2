package dev.seatlock.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.booking.BookingStoreUnavailableException;
import dev.seatlock.booking.HoldExpiredException;
import dev.seatlock.lock.LeaseLostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a buyer is told when a lock or the database failed under a request. */
class ProblemMapperTest {

    @Test
    void aLeaseLostUnderARequestIs503NotAnUnexpectedError() {
        LeaseLostException lost = new LeaseLostException(List.of("seat:{SL101}:1A"),
                "SeatHolder.take: cannot tell whether it is still held: LockStoreUnavailableException");
        lost.initCause(new IllegalStateException("rolled back"));

        Problem problem = ProblemMapper.problemFor(lost);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.type()).endsWith("lock-service-unavailable");
        assertThat(problem.detail()).contains("nothing was held or charged");
    }

    @Test
    void aLeaseLostWhilePayingKeepsTheHoldExpiredAnswerWithThePaymentVoided() {
        LeaseLostException lost = new LeaseLostException(List.of("confirm:{H1}"), "CheckoutService.confirm: expired");
        lost.initCause(new HoldExpiredException("Hold H1 expired before payment completed", true));

        Problem problem = ProblemMapper.problemFor(lost);

        assertThat(problem.status()).isEqualTo(410);
        assertThat(problem.paymentVoided()).isTrue();
    }

    @Test
    void aDatabaseOutageDuringCheckoutIs503WithThePaymentVoided() {
        Problem problem = ProblemMapper.problemFor(new BookingStoreUnavailableException("the database does not answer",
                new java.sql.SQLException("connection refused", "08001")));

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.type()).endsWith("database-unavailable");
        assertThat(problem.paymentVoided()).isTrue();
    }
}
