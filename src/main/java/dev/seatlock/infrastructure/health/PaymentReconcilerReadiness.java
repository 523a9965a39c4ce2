package dev.seatlock.infrastructure.health;

import dev.seatlock.domain.payment.PaymentSettings;
import dev.seatlock.domain.payment.Payments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports a payment reconciler that is behind: payments still open {@code
 * seatlock.payment.behind-after} after they were made, or set aside because the acquirer refused
 * them for good (NEEDS_ATTENTION). Reported, not failed: every server shares the backlog, so
 * failing readiness would take them all out of the load balancer together and turn a slow acquirer
 * into a sales outage, while the bookings themselves are safe. Alert on {@code behind} (and on the
 * {@code seatlock_payments} gauges) instead.
 */
@Readiness
@ApplicationScoped
public class PaymentReconcilerReadiness implements HealthCheck {

    private static final String NAME = "payment-reconciler";

    private final Payments payments;
    private final PaymentSettings settings;

    @Inject
    public PaymentReconcilerReadiness(Payments payments, PaymentSettings settings) {
        this.payments = payments;
        this.settings = settings;
    }

    /** For CDI's proxy. */
    protected PaymentReconcilerReadiness() {
        this(null, null);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            long overdue = payments.overdueSince(Instant.now().minus(settings.behindAfter()));
            long needingAttention = payments.needingAttention();
            return HealthCheckResponse.named(NAME)
                    .up()
                    .withData("overdue", overdue)
                    .withData("needsAttention", needingAttention)
                    .withData("behind", overdue > 0 || needingAttention > 0)
                    .build();
        } catch (RuntimeException e) {
            // The database check reports the outage itself.
            return HealthCheckResponse.named(NAME).up().withData("overdue", "unknown").build();
        }
    }
}
