package dev.seatlock.infrastructure.payment;

import dev.seatlock.domain.Money;
import dev.seatlock.domain.payment.PaymentAuthorization;
import dev.seatlock.domain.payment.PaymentCard;
import dev.seatlock.domain.payment.PaymentDeclinedException;
import dev.seatlock.domain.payment.PaymentGateway;
import dev.seatlock.domain.payment.PaymentRefusedException;
import dev.seatlock.domain.payment.PaymentUnavailableException;
import dev.seatlock.infrastructure.payment.SimulatedAuthorization.CaptureResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A card acquirer for demos and tests, with a configurable latency ({@code
 * seatlock.payment.latency}) and documented test cards:
 *
 * <ul>
 *   <li>{@value #APPROVE} — approved;
 *   <li>{@value #DECLINE} — declined by the issuer;
 *   <li>{@value #TIME_OUT} — the acquirer does not answer within {@code seatlock.payment.timeout};
 *   <li>{@value #SLOW_APPROVE} — approved, but only after {@code seatlock.payment.slow-approval} (a
 *       buyer whose hold may run out while the bank thinks);
 *   <li>{@value #FLAKY_CAPTURE} — approved, but the first {@code
 *       seatlock.payment.flaky-capture-refusals} captures are refused for now (503), as by an
 *       acquirer having a bad minute;
 *   <li>{@value #SLOW_CAPTURE} — approved, and each capture takes {@code
 *       seatlock.payment.slow-approval} before it reaches the acquirer (a server that dies
 *       meanwhile never captured);
 * </ul>
 *
 * any other valid card number is approved. Its books are kept in the database ({@link
 * SimulatedAuthorization}), shared by every server, and it honours idempotency keys as a real
 * acquirer does. When that database does not answer, neither does the acquirer (503).
 */
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

    public static final String APPROVE = "4242424242424242";
    public static final String DECLINE = "4000000000000002";
    public static final String TIME_OUT = "4000000000000119";
    public static final String SLOW_APPROVE = "4000000000000077";
    public static final String FLAKY_CAPTURE = "4000000000000341";
    public static final String SLOW_CAPTURE = "4000000000000259";

    /** What became of an authorization. */
    public enum State {
        AUTHORIZED,
        CAPTURED,
        VOIDED
    }

    private static final Logger LOG = Logger.getLogger(SimulatedPaymentGateway.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SimulatedAcquirerLedger books;
    private final Duration latency;
    private final Duration timeout;
    private final Duration slowApproval;
    private final int flakyCaptureRefusals;

    @Inject
    public SimulatedPaymentGateway(
            SimulatedAcquirerLedger books,
            @ConfigProperty(name = "seatlock.payment.latency", defaultValue = "PT0.05S")
                    Duration latency,
            @ConfigProperty(name = "seatlock.payment.timeout", defaultValue = "PT2S")
                    Duration timeout,
            @ConfigProperty(name = "seatlock.payment.slow-approval", defaultValue = "PT3S")
                    Duration slowApproval,
            @ConfigProperty(name = "seatlock.payment.flaky-capture-refusals", defaultValue = "3")
                    int flakyCaptureRefusals) {
        this.books = books;
        this.latency = latency;
        this.timeout = timeout;
        this.slowApproval = slowApproval;
        this.flakyCaptureRefusals = flakyCaptureRefusals;
    }

    /** For CDI's proxy. */
    protected SimulatedPaymentGateway() {
        this(null, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }

    @Override
    public PaymentAuthorization authorize(String idempotencyKey, Money amount, PaymentCard card) {
        switch (card.number()) {
            case DECLINE -> {
                pause(latency);
                throw new PaymentDeclinedException(
                        "The card ending in "
                                + card.last4()
                                + " was declined by its issuer; use another card");
            }
            case TIME_OUT -> {
                pause(timeout);
                throw new PaymentUnavailableException(
                        "The payment service did not answer within "
                                + timeout
                                + "; nothing was charged, please try again");
            }
            default -> {
                pause(SLOW_APPROVE.equals(card.number()) ? slowApproval : latency);
                Optional<SimulatedAuthorization> earlier =
                        acquirer(() -> books.byAuthorizeKey(idempotencyKey));
                SimulatedAuthorization authorization =
                        earlier.orElseGet(() -> authorizeNew(idempotencyKey, amount, card));
                if (authorization.isClosedKey()) {
                    throw new PaymentUnavailableException(
                            "This payment attempt was closed by the payment service;"
                                    + " nothing was charged, please try again");
                }
                if (authorization.amount().compareTo(amount.amount()) != 0
                        || !authorization.currency().equals(amount.currency())) {
                    throw new IllegalArgumentException(
                            "idempotency key " + idempotencyKey + " was used for another amount");
                }
                return authorizationOf(authorization);
            }
        }
    }

    @Override
    public Optional<PaymentAuthorization> closeAuthorizeKey(String authorizeKey) {
        pause(latency);
        Optional<SimulatedAuthorization> made = acquirer(() -> books.byAuthorizeKey(authorizeKey));
        if (made.isPresent()) {
            return made.filter(authorization -> !authorization.isClosedKey())
                    .map(SimulatedPaymentGateway::authorizationOf);
        }
        try {
            books.add(SimulatedAuthorization.closedKey(authorizeKey, Instant.now()));
            return Optional.empty();
        } catch (RuntimeException collided) {
            // An authorization with this key got there first: it is what is to be voided.
            return acquirer(() -> books.byAuthorizeKey(authorizeKey))
                    .filter(authorization -> !authorization.isClosedKey())
                    .map(SimulatedPaymentGateway::authorizationOf);
        }
    }

    @Override
    public void capture(PaymentAuthorization authorization, String idempotencyKey) {
        SimulatedAuthorization known =
                acquirer(() -> books.byId(authorization.id()))
                        .orElseThrow(
                                () ->
                                        new PaymentRefusedException(
                                                "no authorization " + authorization.id()));
        pause(known.slowCapture() ? slowApproval : latency);
        CaptureResult result =
                acquirer(() -> books.capture(authorization.id(), idempotencyKey))
                        .orElseThrow(
                                () ->
                                        new PaymentRefusedException(
                                                "no authorization " + authorization.id()));
        switch (result) {
            case REFUSED_FOR_NOW ->
                    throw new PaymentUnavailableException(
                            "The acquirer refused the capture of "
                                    + authorization.id()
                                    + " for now; try again later");
            case REFUSED_VOIDED ->
                    throw new PaymentRefusedException(
                            "authorization " + authorization.id() + " is voided");
            default -> LOG.fine(() -> "Capture " + idempotencyKey + ": " + result);
        }
    }

    @Override
    public void voidAuthorization(PaymentAuthorization authorization, String idempotencyKey) {
        pause(latency);
        boolean voided =
                acquirer(() -> books.voidIt(authorization.id()))
                        .orElseThrow(
                                () ->
                                        new PaymentRefusedException(
                                                "no authorization " + authorization.id()));
        if (!voided) {
            throw new PaymentRefusedException(
                    "authorization " + authorization.id() + " is captured: it cannot be voided");
        }
    }

    /** How many authorizations are in this state, on every server. */
    public long count(State state) {
        return books.count(state);
    }

    private SimulatedAuthorization authorizeNew(
            String idempotencyKey, Money amount, PaymentCard card) {
        int refusals = FLAKY_CAPTURE.equals(card.number()) ? flakyCaptureRefusals : 0;
        SimulatedAuthorization fresh =
                new SimulatedAuthorization(
                        "auth_" + HexFormat.of().formatHex(randomBytes()),
                        idempotencyKey,
                        amount.amount(),
                        amount.currency(),
                        card.last4(),
                        refusals,
                        SLOW_CAPTURE.equals(card.number()),
                        Instant.now());
        try {
            books.add(fresh);
            LOG.fine(
                    () ->
                            "Authorized "
                                    + amount
                                    + " on card ending "
                                    + card.last4()
                                    + " for "
                                    + idempotencyKey);
            return fresh;
        } catch (RuntimeException collided) {
            // The same key at once from another call: its authorization is the answer.
            return acquirer(() -> books.byAuthorizeKey(idempotencyKey))
                    .orElseThrow(() -> unavailable(collided));
        }
    }

    /** The acquirer's own storage failing is the acquirer not answering. */
    private static <T> T acquirer(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static PaymentUnavailableException unavailable(RuntimeException cause) {
        PaymentUnavailableException unavailable =
                new PaymentUnavailableException("The payment service did not answer");
        unavailable.initCause(cause);
        return unavailable;
    }

    private static PaymentAuthorization authorizationOf(SimulatedAuthorization authorization) {
        return new PaymentAuthorization(
                authorization.id(),
                new Money(authorization.amount(), authorization.currency()),
                authorization.cardLast4());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentUnavailableException("Payment interrupted; nothing was charged");
        }
    }
}
