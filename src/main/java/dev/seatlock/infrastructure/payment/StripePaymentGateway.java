package dev.seatlock.infrastructure.payment;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import dev.seatlock.domain.Money;
import dev.seatlock.domain.payment.PaymentAuthorization;
import dev.seatlock.domain.payment.PaymentCard;
import dev.seatlock.domain.payment.PaymentDeclinedException;
import dev.seatlock.domain.payment.PaymentGateway;
import dev.seatlock.domain.payment.PaymentRefusedException;
import dev.seatlock.domain.payment.PaymentUnavailableException;
import dev.seatlock.infrastructure.payment.StripeSettings.CardData;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The card acquirer Stripe, through its official Java library, behind {@link PaymentGateway}
 * ({@code seatlock.payment.provider=stripe}; README "Payments"). One authorization is one
 * PaymentIntent with {@code capture_method=manual}:
 *
 * <ul>
 *   <li><b>authorize</b> = create the intent (key {@code <authorize key>:create}), then confirm it
 *       with the card (key {@code <authorize key>:confirm}); {@code requires_capture} is an
 *       authorization;
 *   <li><b>capture</b> = {@code POST /v1/payment_intents/{id}/capture} with the capture key;
 *   <li><b>void</b> = {@code POST /v1/payment_intents/{id}/cancel} with the void key.
 * </ul>
 *
 * <p><b>Why two calls to authorize:</b> {@link #closeAuthorizeKey} must find what an authorize key
 * did without knowing the card, and make sure it can do nothing more. Stripe answers a repeated
 * idempotency key with the first answer, but only for the very same parameters; the create
 * therefore carries only what follows from the key and the amount (amount, currency, manual
 * capture, {@code payment_method_types=card}, metadata {@code seatlock_attempt=<key>}), and the
 * card goes with the confirm, the call that reserves money. Closing repeats the create: Stripe
 * replays the intent made earlier, or makes it now, so that a late authorize with the key replays
 * that same intent. Closing then reads the intent's state now (a replay shows the state of then)
 * and cancels it unless it holds money. A canceled intent can no longer be confirmed (Stripe
 * answers {@code payment_intent_unexpected_state}): the late authorize is refused. If a confirm
 * slips in between the read and the cancel, the cancel releases what it reserved: either way
 * nothing stays reserved that nobody voids. An intent that does hold money ({@code
 * requires_capture}) is returned for the reconciler to void.
 *
 * <p><b>Retries are ours:</b> the library's own network retries are off (0). A checkout holds its
 * seats' lock while it waits; the partner's retry with the same {@code Idempotency-Key} and the
 * reconciler's backoff retry with the same Stripe keys, so nothing is lost, and Stripe replays a
 * {@code 500} to a retry with the same key anyway.
 *
 * <p>Not a CDI bean: {@link PaymentGateways} builds it from checked {@link StripeSettings}.
 */
public final class StripePaymentGateway implements PaymentGateway {

    /** The metadata key on every intent naming the authorize key that made it. */
    public static final String ATTEMPT_METADATA = "seatlock_attempt";

    /**
     * Stripe's documented test PaymentMethods, by the test card number that stands for them
     * (card-data {@code test-payment-methods}).
     */
    public static final Map<String, String> TEST_PAYMENT_METHODS =
            Map.of(
                    "4242424242424242", "pm_card_visa",
                    "5555555555554444", "pm_card_mastercard",
                    "4000000000000002", "pm_card_visa_chargeDeclined",
                    "4000000000009995", "pm_card_visa_chargeDeclinedInsufficientFunds");

    private static final Logger LOG = Logger.getLogger(StripePaymentGateway.class.getName());
    private static final String UNEXPECTED_STATE = "payment_intent_unexpected_state";
    private static final String UNKNOWN_LAST4 = "????";

    private final StripeClient stripe;
    private final CardData cardData;

    public StripePaymentGateway(StripeSettings settings) {
        this.stripe =
                StripeClient.builder()
                        .setApiKey(settings.secretKey())
                        .setApiBase(settings.apiBase().toString())
                        .setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()))
                        .setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()))
                        .setMaxNetworkRetries(0)
                        .build();
        this.cardData = settings.cardData();
    }

    @Override
    public PaymentAuthorization authorize(String idempotencyKey, Money amount, PaymentCard card) {
        PaymentIntentConfirmParams confirmation = confirmationOf(card);
        PaymentIntent created = create(idempotencyKey, amount);
        PaymentIntent confirmed;
        try {
            confirmed =
                    stripe.v1()
                            .paymentIntents()
                            .confirm(
                                    created.getId(),
                                    confirmation,
                                    keyed(idempotencyKey + ":confirm"));
        } catch (CardException declined) {
            LOG.log(
                    Level.FINE,
                    "Stripe declined {0}: {1}/{2}",
                    new Object[] {created.getId(), declined.getCode(), declined.getDeclineCode()});
            throw declinedCard(card);
        } catch (StripeException e) {
            if (UNEXPECTED_STATE.equals(e.getCode())) {
                throw closedAttempt(created.getId());
            }
            throw unavailable("confirm " + created.getId(), e);
        }
        if (replayed(confirmed)) {
            // A replay shows the intent as it was then: it may have been closed since.
            confirmed = retrieve(created.getId());
        }
        return switch (confirmed.getStatus()) {
            case "requires_capture" ->
                    new PaymentAuthorization(confirmed.getId(), amount, card.last4());
            case "canceled" -> throw closedAttempt(confirmed.getId());
            case "requires_payment_method", "requires_action" -> throw declinedCard(card);
            default ->
                    throw new PaymentUnavailableException(
                            "The payment service has not decided yet ("
                                    + confirmed.getStatus()
                                    + "); please try again");
        };
    }

    /**
     * Closes the key as the class comment explains: repeats the create (same key, same parameters),
     * reads the intent's state now, and cancels it unless it holds money.
     */
    @Override
    public Optional<PaymentAuthorization> closeAuthorizeKey(String authorizeKey, Money amount) {
        PaymentIntent intent = retrieve(create(authorizeKey, amount).getId());
        switch (intent.getStatus()) {
            case "canceled" -> {
                return Optional.empty();
            }
            case "requires_capture", "succeeded" -> {
                return Optional.of(authorizationOf(intent, amount));
            }
            case "processing" ->
                    throw new PaymentUnavailableException(
                            "Stripe is still processing " + intent.getId() + "; try again later");
            default -> {
                // requires_payment_method, requires_confirmation, requires_action: nothing held.
            }
        }
        try {
            PaymentIntent canceled =
                    stripe.v1()
                            .paymentIntents()
                            .cancel(intent.getId(), abandoned(), keyed(authorizeKey + ":close"));
            LOG.log(
                    Level.FINE,
                    "Closed authorize key {0}: {1} {2}",
                    new Object[] {authorizeKey, canceled.getId(), canceled.getStatus()});
            return Optional.empty();
        } catch (StripeException e) {
            if (UNEXPECTED_STATE.equals(e.getCode())) {
                // Changed since it was read (confirmed and captured?): what it is now decides.
                PaymentIntent now = retrieve(intent.getId());
                if ("canceled".equals(now.getStatus())) {
                    return Optional.empty();
                }
                return Optional.of(authorizationOf(now, amount));
            }
            throw unavailable("close " + intent.getId(), e);
        }
    }

    @Override
    public void capture(PaymentAuthorization authorization, String idempotencyKey) {
        try {
            stripe.v1()
                    .paymentIntents()
                    .capture(
                            authorization.id(),
                            PaymentIntentCaptureParams.builder().build(),
                            keyed(idempotencyKey));
        } catch (StripeException e) {
            if (isForGood(e)) {
                String state = stateAfterRefusal(authorization.id(), e);
                if ("succeeded".equals(state)) {
                    return; // captured already: capturing again is a no-op
                }
                throw new PaymentRefusedException(
                        "Stripe refused the capture of "
                                + authorization.id()
                                + " ("
                                + state
                                + "): "
                                + e.getCode());
            }
            throw unavailable("capture " + authorization.id(), e);
        }
    }

    @Override
    public void voidAuthorization(PaymentAuthorization authorization, String idempotencyKey) {
        try {
            stripe.v1()
                    .paymentIntents()
                    .cancel(authorization.id(), abandoned(), keyed(idempotencyKey));
        } catch (StripeException e) {
            if (isForGood(e)) {
                String state = stateAfterRefusal(authorization.id(), e);
                if ("canceled".equals(state)) {
                    return; // voided already: voiding again is a no-op
                }
                throw new PaymentRefusedException(
                        "Stripe refused the void of "
                                + authorization.id()
                                + " ("
                                + state
                                + ("succeeded".equals(state) ? ": captured, refund it" : "")
                                + "): "
                                + e.getCode());
            }
            throw unavailable("void " + authorization.id(), e);
        }
    }

    /**
     * The idempotent create: its parameters follow from the key and the amount alone, so that
     * {@link #closeAuthorizeKey} can repeat it exactly.
     */
    private PaymentIntent create(String authorizeKey, Money amount) {
        PaymentIntentCreateParams params =
                PaymentIntentCreateParams.builder()
                        .setAmount(minorUnits(amount))
                        .setCurrency(amount.currency().toLowerCase(Locale.ROOT))
                        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                        .addPaymentMethodType("card")
                        .putMetadata(ATTEMPT_METADATA, authorizeKey)
                        .build();
        try {
            return stripe.v1().paymentIntents().create(params, keyed(authorizeKey + ":create"));
        } catch (StripeException e) {
            throw unavailable("create for " + authorizeKey, e);
        }
    }

    private PaymentIntent retrieve(String intentId) {
        try {
            return stripe.v1()
                    .paymentIntents()
                    .retrieve(
                            intentId,
                            PaymentIntentRetrieveParams.builder()
                                    .addExpand("payment_method")
                                    .build(),
                            RequestOptions.getDefault());
        } catch (StripeException e) {
            throw unavailable("retrieve " + intentId, e);
        }
    }

    private PaymentIntentConfirmParams confirmationOf(PaymentCard card) {
        PaymentIntentConfirmParams.Builder confirmation =
                PaymentIntentConfirmParams.builder().setErrorOnRequiresAction(true);
        if (cardData == CardData.TEST_PAYMENT_METHODS) {
            String testMethod = TEST_PAYMENT_METHODS.get(card.number());
            if (testMethod == null) {
                throw new PaymentDeclinedException(
                        "The card ending in "
                                + card.last4()
                                + " is not one of the Stripe test cards this server accepts"
                                + " (4242 4242 4242 4242, ...); use one of them");
            }
            return confirmation.setPaymentMethod(testMethod).build();
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("number", card.number());
        raw.put("exp_month", card.expiry().getMonthValue());
        raw.put("exp_year", card.expiry().getYear());
        raw.put("cvc", card.cvc());
        return confirmation
                .setPaymentMethodData(
                        PaymentIntentConfirmParams.PaymentMethodData.builder()
                                .putExtraParam("type", "card")
                                .putExtraParam("card", raw)
                                .setBillingDetails(
                                        PaymentIntentConfirmParams.PaymentMethodData.BillingDetails
                                                .builder()
                                                .setName(card.holder())
                                                .build())
                                .build())
                .build();
    }

    /** Stripe's amounts are in the currency's smallest unit (cents), as integers. */
    static long minorUnits(Money amount) {
        int digits = Currency.getInstance(amount.currency()).getDefaultFractionDigits();
        return amount.amount().movePointRight(Math.max(digits, 0)).longValueExact();
    }

    private static PaymentIntentCancelParams abandoned() {
        return PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED)
                .build();
    }

    private static RequestOptions keyed(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private static boolean replayed(PaymentIntent intent) {
        return intent.getLastResponse() != null
                && intent.getLastResponse()
                        .headers()
                        .firstValue("Idempotent-Replayed")
                        .map("true"::equalsIgnoreCase)
                        .orElse(false);
    }

    /**
     * A refusal retrying cannot change: a 4xx about the request or the intent, not about Stripe or
     * our credentials (those an operator fixes while the reconciler retries).
     */
    private static boolean isForGood(StripeException e) {
        Integer status = e.getStatusCode();
        return status != null
                && status >= 400
                && status < 500
                && status != 401
                && status != 403
                && status != 409
                && status != 429;
    }

    /** What the intent is now, after Stripe refused an operation on it. */
    private String stateAfterRefusal(String intentId, StripeException refusal) {
        if (!UNEXPECTED_STATE.equals(refusal.getCode())) {
            return String.valueOf(refusal.getCode()); // resource_missing, ...
        }
        return retrieve(intentId).getStatus();
    }

    private static PaymentAuthorization authorizationOf(PaymentIntent intent, Money amount) {
        PaymentMethod method = intent.getPaymentMethodObject();
        String last4 =
                method != null && method.getCard() != null && method.getCard().getLast4() != null
                        ? method.getCard().getLast4()
                        : UNKNOWN_LAST4;
        return new PaymentAuthorization(intent.getId(), amount, last4);
    }

    private static PaymentDeclinedException declinedCard(PaymentCard card) {
        return new PaymentDeclinedException(
                "The card ending in "
                        + card.last4()
                        + " was declined by its issuer; use another card");
    }

    private static PaymentUnavailableException closedAttempt(String intentId) {
        LOG.log(Level.FINE, "Authorization refused: {0} was closed", intentId);
        return new PaymentUnavailableException(
                "This payment attempt was closed by the payment service;"
                        + " nothing was charged, please try again");
    }

    /**
     * Stripe not answering, answering 5xx or 429, or refusing our key: the outcome is unknown or
     * may change, so it is "try again" (the reconciler settles what it leaves open).
     */
    private static PaymentUnavailableException unavailable(String call, StripeException e) {
        String reason;
        if (e instanceof ApiConnectionException) {
            reason = "did not answer in time";
        } else if (e instanceof AuthenticationException || e instanceof PermissionException) {
            // Stripe's message would echo part of the key: not repeated here.
            reason = "refused our secret key (" + StripeSettings.SECRET_KEY + ")";
        } else if (e instanceof IdempotencyException) {
            reason = "refused the idempotency key (" + e.getStatusCode() + ")";
        } else {
            reason = "answered " + e.getStatusCode() + " " + e.getCode();
        }
        LOG.log(
                Level.WARNING,
                "Stripe {0} failed: {1} (request {2})",
                new Object[] {call, reason, e.getRequestId()});
        PaymentUnavailableException unavailable =
                new PaymentUnavailableException(
                        "The payment service " + reason + "; please try again");
        if (!(e instanceof AuthenticationException || e instanceof PermissionException)) {
            unavailable.initCause(e);
        }
        return unavailable;
    }
}
