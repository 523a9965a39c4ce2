package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.domain.hold.SeatFenceRecords;
import dev.seatlock.domain.hold.SeatFences;
import dev.seatlock.domain.hold.StaleFencingTokenException;
import dev.seatlock.infrastructure.payment.SimulatedPaymentGateway;
import dev.seatlock.infrastructure.payment.SimulatedPaymentGateway.State;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockService;
import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.UserTransaction;
import java.net.URL;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checkout inside the server, where the payment ledger, the fencing store and the database can be
 * looked at directly: what a buyer is told must match what was charged and what was written. Uses
 * flight SL303, rows 1-15.
 */
@ExtendWith(ArquillianExtension.class)
class CheckoutIT {

    private static final String FLIGHT = "SL303";

    @Deployment
    static WebArchive deployment() {
        return Deployments.seatLockWith(CheckoutIT.class, PartnerApi.class, PartnerApi.Reply.class);
    }

    @Inject SimulatedPaymentGateway payments;

    @Inject LockService locks;

    @Inject SeatFences fences;

    @Inject SeatFenceRecords fenceRecords;

    @Inject EntityManager entityManager;

    @Inject UserTransaction transaction;

    private PartnerApi alpha;
    private PartnerApi beta;

    @BeforeEach
    void partners() throws Exception {
        // Inside the server: call its own HTTP port (arquillian.xml passes it as http.port).
        alpha =
                new PartnerApi(
                        new URL("http://localhost:" + System.getProperty("http.port") + "/"),
                        PartnerApi.ALPHA_KEY);
        beta = alpha.as(PartnerApi.BETA_KEY);
    }

    @Test
    void aRetriedConfirmationReturnsTheSameBookingAndChargesOnce() {
        String holdId = alpha.hold(FLIGHT, "1A").json().getString("holdId");
        String body = PartnerApi.confirmationBody(PartnerApi.APPROVED_CARD, "1A");
        long capturedBefore = payments.count(State.CAPTURED);
        long authorizedBefore =
                payments.count(State.AUTHORIZED) + capturedBefore + payments.count(State.VOIDED);

        Reply first = alpha.post("holds/" + holdId + "/confirmation", body, "pay-1A");
        Reply retry = alpha.post("holds/" + holdId + "/confirmation", body, "pay-1A");

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().getString("reference"))
                .isEqualTo(first.json().getString("reference"));
        assertThat(payments.count(State.CAPTURED) - capturedBefore).as("captures").isEqualTo(1);
        long authorizedAfter =
                payments.count(State.AUTHORIZED)
                        + payments.count(State.CAPTURED)
                        + payments.count(State.VOIDED);
        assertThat(authorizedAfter - authorizedBefore).as("authorizations").isEqualTo(1);
    }

    @Test
    void aBuyerWhoseHoldExpiresDuringPaymentIsToldSoAndNotChargedWhileTheNextBuyerKeepsTheSeat()
            throws Exception {
        Reply lateReply = alpha.holdFor(Duration.ofMillis(2_500), FLIGHT, "2C");
        assertThat(lateReply.status())
                .as("the hold that will run out: " + lateReply)
                .isEqualTo(201);
        String lateHold = lateReply.json().getString("holdId");
        long voidedBefore = payments.count(State.VOIDED);

        // The slow card is approved after 3 s: by then the 2.5 s hold has expired. (The hold's
        // lease runs from the acquisition, so on a loaded machine the confirmation must start
        // well within the hold time to reach the payment at all.)
        CompletableFuture<Reply> latePayment =
                CompletableFuture.supplyAsync(
                        () -> alpha.confirm(lateHold, PartnerApi.SLOW_CARD, "2C"));
        Thread.sleep(2_800);
        Reply nextHold = beta.hold(FLIGHT, "2C");
        assertThat(nextHold.status())
                .as("the seat is for sale again once the hold expired: " + nextHold)
                .isEqualTo(201);
        Reply nextBooking =
                beta.confirm(nextHold.json().getString("holdId"), PartnerApi.APPROVED_CARD, "2C");
        assertThat(nextBooking.status()).isEqualTo(201);

        Reply late = latePayment.get(30, TimeUnit.SECONDS);

        assertThat(late.status()).as(late.toString()).isEqualTo(410);
        assertThat(late.json().getBoolean("paymentVoided", false)).as(late.toString()).isTrue();
        assertThat(payments.count(State.VOIDED) - voidedBefore)
                .as("authorizations voided")
                .isEqualTo(1);
        assertThat(
                        beta.get("bookings/" + nextBooking.json().getString("reference"))
                                .json()
                                .getString("status"))
                .isEqualTo("CONFIRMED");
        assertThat(alpha.seatStates(FLIGHT)).containsEntry("2C", "SOLD");
    }

    @Test
    void aStaleHolderCannotWriteASeatEvenIfItSkipsItsOwnChecks() throws Exception {
        SeatId seat = new SeatId(new FlightId(FLIGHT), new SeatCode("3F"));
        String key = seat.lockKey();
        LockLease paused = locks.acquire(List.of(key), Duration.ofMillis(300), Duration.ZERO);
        Thread.sleep(500); // the first holder is paused past its lease, like a long GC pause
        LockLease next = locks.acquire(List.of(key), Duration.ofSeconds(10), Duration.ZERO);
        assertThat(next.fencingToken(key)).isGreaterThan(paused.fencingToken(key));

        inTransaction(() -> fences.advance(seat, next.fencingToken(key)));

        assertThatThrownBy(
                        () -> inTransaction(() -> fences.advance(seat, paused.fencingToken(key))))
                .isInstanceOf(StaleFencingTokenException.class);
        assertThatThrownBy(() -> inTransaction(() -> fences.advance(seat, next.fencingToken(key))))
                .as("a token is accepted once")
                .isInstanceOf(StaleFencingTokenException.class);
        locks.release(next);
    }

    @Test
    void aHoldStaysActiveWhileRedisKeepsItsLeaseWhateverTheServersClockSays() throws Exception {
        String holdId = alpha.hold(FLIGHT, "6D").json().getString("holdId");
        // What a server whose clock runs ahead sees: the hold's expiresAt has passed, its lease has
        // not.
        inTransaction(
                () ->
                        entityManager
                                .createNativeQuery(
                                        "UPDATE SEAT_HOLD SET EXPIRES_AT = ?1 WHERE ID = ?2")
                                .setParameter(1, Timestamp.from(Instant.now().minusSeconds(60)))
                                .setParameter(2, holdId)
                                .executeUpdate());
        // A native UPDATE bypasses a shared entity cache, should one be on.
        entityManager.getEntityManagerFactory().getCache().evictAll();

        assertThat(alpha.get("holds/" + holdId).status())
                .as("the lease decides, not the clock")
                .isEqualTo(200);
        Reply booked = alpha.confirm(holdId, PartnerApi.APPROVED_CARD, "6D");
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
    }

    @Test
    void theDatabaseRefusesASecondActiveBookingOfASeat() throws Exception {
        for (String seat : List.of("4A", "4B")) {
            String holdId = alpha.hold(FLIGHT, seat).json().getString("holdId");
            assertThat(alpha.confirm(holdId, PartnerApi.APPROVED_CARD, seat).status())
                    .isEqualTo(201);
        }

        // Bypass every lock and check: point 4B's sale at seat 4A, which is already sold.
        assertThatThrownBy(
                        () ->
                                inTransaction(
                                        () ->
                                                entityManager
                                                        .createNativeQuery(
                                                                "UPDATE BOOKED_SEAT SET ACTIVE_SEAT = 'SL303/4A' WHERE ACTIVE_SEAT = 'SL303/4B'")
                                                        .executeUpdate()))
                .as("unique constraint on the active seat")
                .isInstanceOf(Exception.class)
                .satisfies(
                        failure -> assertThat(rootMessage(failure)).containsIgnoringCase("unique"));
    }

    @Test
    void aRepositoryWritesInTheCallersTransactionAndRollsBackWithIt() throws Exception {
        SeatId seat = new SeatId(new FlightId(FLIGHT), new SeatCode("7C"));
        transaction.begin();
        try {
            fences.advance(seat, 42); // a seat never written: its first fence is inserted
        } finally {
            transaction.rollback();
        }

        assertThat(fenceRecords.find(seat.text()))
                .as("the fence a repository inserted inside a transaction that rolled back")
                .isEmpty();
        inTransaction(() -> fences.advance(seat, 42));
        assertThat(fenceRecords.find(seat.text()))
                .as("the fence after a transaction that committed")
                .isPresent();
    }

    private void inTransaction(Runnable work) throws Exception {
        transaction.begin();
        try {
            work.run();
            transaction.commit();
        } catch (Exception | Error e) {
            if (transaction.getStatus() != jakarta.transaction.Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
            throw e;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        StringBuilder messages = new StringBuilder();
        while (root != null) {
            messages.append(root.getMessage()).append(" | ");
            root = root.getCause();
        }
        return messages.toString();
    }
}
