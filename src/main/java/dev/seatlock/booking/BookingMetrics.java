package dev.seatlock.booking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** Counters of the hold life cycle, published on /metrics. */
@ApplicationScoped
public class BookingMetrics {

    private final MetricRegistry registry;

    @Inject
    public BookingMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    /** For CDI's proxy. */
    protected BookingMetrics() {
        this(null);
    }

    void holdCreated() {
        registry.counter("seatlock.holds.created").inc();
    }

    void holdExpired() {
        registry.counter("seatlock.holds.expired").inc();
    }

    void holdReleased() {
        registry.counter("seatlock.holds.released").inc();
    }

    void holdConfirmed() {
        registry.counter("seatlock.holds.confirmed").inc();
    }

    void bookingCancelled() {
        registry.counter("seatlock.bookings.cancelled").inc();
    }

    void paymentVoided() {
        registry.counter("seatlock.payments.voided").inc();
    }

    void staleWriteRefused() {
        registry.counter("seatlock.bookings.stale.writes.refused").inc();
    }
}
