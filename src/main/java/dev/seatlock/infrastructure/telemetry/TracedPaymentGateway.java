package dev.seatlock.infrastructure.telemetry;

import dev.seatlock.domain.Money;
import dev.seatlock.domain.payment.PaymentAuthorization;
import dev.seatlock.domain.payment.PaymentCard;
import dev.seatlock.domain.payment.PaymentDeclinedException;
import dev.seatlock.domain.payment.PaymentGateway;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client span around every call to the card acquirer ({@code payment authorize}, {@code payment
 * capture}, {@code payment void}, {@code payment close-authorize-key}), whichever {@link
 * PaymentGateway} is deployed: {@code PaymentGateways} wraps the gateway it chooses in one, so that
 * the simulated gateway and a real one (Stripe) are traced alike without either knowing of it. (Not
 * a CDI decorator: decorators do not apply to a producer method's result.)
 *
 * <p>Each span carries the call's idempotency key ({@code seatlock:<holdId>.<attempt>:<operation>},
 * the key the acquirer files it under), never the card. A decline is the card holder's answer, not
 * a failure: it is marked {@code seatlock.payment.declined}, and the span's status stays unset; any
 * other exception marks the span as an error.
 */
public final class TracedPaymentGateway implements PaymentGateway {

    /** The instrumentation scope of these spans. */
    public static final String INSTRUMENTATION_SCOPE = "dev.seatlock.payment";

    private static final AttributeKey<String> OPERATION =
            AttributeKey.stringKey("seatlock.payment.operation");
    private static final AttributeKey<String> IDEMPOTENCY_KEY =
            AttributeKey.stringKey("seatlock.payment.idempotency_key");
    private static final AttributeKey<Boolean> DECLINED =
            AttributeKey.booleanKey("seatlock.payment.declined");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final PaymentGateway delegate;
    private final Tracer tracer;

    public TracedPaymentGateway(PaymentGateway delegate, OpenTelemetry openTelemetry) {
        this.delegate = delegate;
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
    }

    @Override
    public PaymentAuthorization authorize(String idempotencyKey, Money amount, PaymentCard card) {
        return traced(
                "authorize",
                idempotencyKey,
                () -> delegate.authorize(idempotencyKey, amount, card));
    }

    @Override
    public Optional<PaymentAuthorization> closeAuthorizeKey(String authorizeKey, Money amount) {
        return traced(
                "close-authorize-key",
                authorizeKey,
                () -> delegate.closeAuthorizeKey(authorizeKey, amount));
    }

    @Override
    public void capture(PaymentAuthorization authorization, String idempotencyKey) {
        traced(
                "capture",
                idempotencyKey,
                () -> {
                    delegate.capture(authorization, idempotencyKey);
                    return null;
                });
    }

    @Override
    public void voidAuthorization(PaymentAuthorization authorization, String idempotencyKey) {
        traced(
                "void",
                idempotencyKey,
                () -> {
                    delegate.voidAuthorization(authorization, idempotencyKey);
                    return null;
                });
    }

    private <T> T traced(String operation, String idempotencyKey, Supplier<T> call) {
        Span span =
                tracer.spanBuilder("payment " + operation)
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute(OPERATION, operation)
                        .setAttribute(IDEMPOTENCY_KEY, idempotencyKey)
                        .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return call.get();
        } catch (PaymentDeclinedException declined) {
            span.setAttribute(DECLINED, true);
            throw declined;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }
}
