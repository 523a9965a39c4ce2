package dev.seatlock.domain;

import dev.seatlock.domain.payment.PaymentState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** Counters of the hold and payment life cycle, and payments by state, published on /metrics. */
@ApplicationScoped
public class BookingMetrics {

    private final MetricRegistry registry;
    private final Map<PaymentState, AtomicLong> states = new EnumMap<>(PaymentState.class);

    @Inject
    public BookingMetrics(MetricRegistry registry) {
        this.registry = registry;
        for (PaymentState state : PaymentState.values()) {
            AtomicLong count = new AtomicLong();
            states.put(state, count);
            if (registry != null) {
                registry.gauge("seatlock.payments", count::get, new Tag("state", state.name()));
            }
        }
    }

    /** For CDI's proxy. */
    protected BookingMetrics() {
        this(null);
    }

    public void holdCreated() {
        registry.counter("seatlock.holds.created").inc();
    }

    public void holdExpired() {
        registry.counter("seatlock.holds.expired").inc();
    }

    public void holdReleased() {
        registry.counter("seatlock.holds.released").inc();
    }

    public void holdConfirmed() {
        registry.counter("seatlock.holds.confirmed").inc();
    }

    public void bookingCancelled() {
        registry.counter("seatlock.bookings.cancelled").inc();
    }

    public void paymentVoided() {
        registry.counter("seatlock.payments.voided").inc();
    }

    public void paymentCaptured() {
        registry.counter("seatlock.payments.captured").inc();
    }

    /** The request could not capture; the reconciler will. */
    public void captureDeferred() {
        registry.counter("seatlock.payments.capture.deferred").inc();
    }

    /**
     * A booking write failed and the database could not say whether it committed (503 outcome
     * unknown).
     */
    public void bookingOutcomeUnknown() {
        registry.counter("seatlock.bookings.outcome.unknown").inc();
    }

    /**
     * A booking write reported a failure but had committed: found by the read-back, captured, 201.
     */
    public void commitInDoubtBooked() {
        registry.counter("seatlock.bookings.commit.in.doubt.booked").inc();
    }

    public void reconcilerFailure() {
        registry.counter("seatlock.payments.reconciler.failures").inc();
    }

    /** A payment the reconciler settled, by the state it reached. */
    public void reconciled(PaymentState state) {
        registry.counter("seatlock.payments.reconciled", new Tag("state", state.name())).inc();
    }

    /**
     * The number of payments in each state, as last counted (every server counts on its reconciler
     * tick).
     */
    public void paymentStates(Map<PaymentState, Long> counts) {
        for (PaymentState state : PaymentState.values()) {
            states.get(state).set(counts.getOrDefault(state, 0L));
        }
    }

    public void staleWriteRefused() {
        registry.counter("seatlock.bookings.stale.writes.refused").inc();
    }
}
