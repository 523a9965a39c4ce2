package dev.seatlock.infrastructure.payment;

import dev.seatlock.booking.Money;
import dev.seatlock.booking.PaymentAuthorization;
import dev.seatlock.booking.PaymentCard;
import dev.seatlock.booking.PaymentDeclinedException;
import dev.seatlock.booking.PaymentGateway;
import dev.seatlock.booking.PaymentUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A card acquirer for demos and tests, with a configurable latency ({@code seatlock.payment.latency})
 * and documented test cards:
 * <ul>
 *   <li>{@value #APPROVE} — approved;</li>
 *   <li>{@value #DECLINE} — declined by the issuer;</li>
 *   <li>{@value #TIME_OUT} — the acquirer does not answer within {@code seatlock.payment.timeout};</li>
 *   <li>{@value #SLOW_APPROVE} — approved, but only after {@code seatlock.payment.slow-approval} (a buyer
 *       whose hold may run out while the bank thinks);</li>
 * </ul>
 * any other valid card number is approved. Its ledger of authorizations is kept in memory.
 */
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

    public static final String APPROVE = "4242424242424242";
    public static final String DECLINE = "4000000000000002";
    public static final String TIME_OUT = "4000000000000119";
    public static final String SLOW_APPROVE = "4000000000000077";

    /** What became of an authorization. */
    public enum State { AUTHORIZED, CAPTURED, VOIDED }

    private static final Logger LOG = Logger.getLogger(SimulatedPaymentGateway.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration latency;
    private final Duration timeout;
    private final Duration slowApproval;
    private final Map<String, State> ledger = new ConcurrentHashMap<>();

    @Inject
    public SimulatedPaymentGateway(@ConfigProperty(name = "seatlock.payment.latency", defaultValue = "PT0.05S") Duration latency,
                                   @ConfigProperty(name = "seatlock.payment.timeout", defaultValue = "PT2S") Duration timeout,
                                   @ConfigProperty(name = "seatlock.payment.slow-approval", defaultValue = "PT3S") Duration slowApproval) {
        this.latency = latency;
        this.timeout = timeout;
        this.slowApproval = slowApproval;
    }

    /** For CDI's proxy. */
    protected SimulatedPaymentGateway() {
        this(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    @Override
    public PaymentAuthorization authorize(String orderId, Money amount, PaymentCard card) {
        switch (card.number()) {
            case DECLINE -> {
                pause(latency);
                throw new PaymentDeclinedException("The card ending in " + card.last4()
                        + " was declined by its issuer; use another card");
            }
            case TIME_OUT -> {
                pause(timeout);
                throw new PaymentUnavailableException("The payment service did not answer within " + timeout
                        + "; nothing was charged, please try again");
            }
            default -> {
                pause(SLOW_APPROVE.equals(card.number()) ? slowApproval : latency);
                String id = "auth_" + HexFormat.of().formatHex(randomBytes());
                ledger.put(id, State.AUTHORIZED);
                LOG.fine(() -> "Authorized " + amount + " on card ending " + card.last4() + " for " + orderId);
                return new PaymentAuthorization(id, amount, card.last4());
            }
        }
    }

    @Override
    public void capture(PaymentAuthorization authorization) {
        ledger.replace(authorization.id(), State.AUTHORIZED, State.CAPTURED);
    }

    @Override
    public void voidAuthorization(PaymentAuthorization authorization) {
        ledger.replace(authorization.id(), State.AUTHORIZED, State.VOIDED);
    }

    /** How many authorizations reached this state. */
    public long count(State state) {
        return ledger.values().stream().filter(state::equals).count();
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
