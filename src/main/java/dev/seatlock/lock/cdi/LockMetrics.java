package dev.seatlock.lock.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The lock's MicroProfile Metrics, in the application registry ({@code
 * /metrics?scope=application}): how often seats are locked, how often callers lose the race, how
 * long they wait, how often leases are renewed and lost. A lost lease means a method ran
 * unprotected for a while: alert on it.
 */
@ApplicationScoped
public class LockMetrics {

    /**
     * Where a lost lease was noticed: the tag {@code detected} of {@code
     * seatlock.lock.leases.lost}.
     */
    public enum LossDetectedBy {
        RENEWAL,
        COMMIT,
        RELEASE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Counter acquisitions;
    private final Counter contention;
    private final Timer waitTime;
    private final Counter renewals;
    private final Counter rollbacks;
    private final Counter[] leasesLost;

    @Inject
    public LockMetrics(MetricRegistry registry) {
        acquisitions =
                registry.counter(
                        Metadata.builder()
                                .withName("seatlock.lock.acquisitions")
                                .withDescription("Locks taken by @SeatLocked methods")
                                .build());
        contention =
                registry.counter(
                        Metadata.builder()
                                .withName("seatlock.lock.contention")
                                .withDescription(
                                        "@SeatLocked calls that failed because the keys stayed held by others")
                                .build());
        waitTime =
                registry.timer(
                        Metadata.builder()
                                .withName("seatlock.lock.wait")
                                .withDescription(
                                        "Time spent acquiring the lock of a @SeatLocked call, successful or not")
                                .withUnit(MetricUnits.NANOSECONDS)
                                .build());
        renewals =
                registry.counter(
                        Metadata.builder()
                                .withName("seatlock.lock.renewals")
                                .withDescription(
                                        "Leases extended by the watchdog while their method ran")
                                .build());
        rollbacks =
                registry.counter(
                        Metadata.builder()
                                .withName("seatlock.lock.lease.rollbacks")
                                .withDescription(
                                        "Transactions marked rollback-only because their lease was lost")
                                .build());
        Metadata lost =
                Metadata.builder()
                        .withName("seatlock.lock.leases.lost")
                        .withDescription(
                                "Leases found lost (expired or taken over) while their owner relied on them")
                        .build();
        LossDetectedBy[] kinds = LossDetectedBy.values();
        leasesLost = new Counter[kinds.length];
        for (LossDetectedBy kind : kinds) {
            leasesLost[kind.ordinal()] = registry.counter(lost, new Tag("detected", kind.tag()));
        }
    }

    /** For CDI's client proxy and for test doubles. */
    protected LockMetrics() {
        acquisitions = null;
        contention = null;
        waitTime = null;
        renewals = null;
        rollbacks = null;
        leasesLost = null;
    }

    /** Registers the metrics at start, so that dashboards show zeros instead of nothing. */
    void registerAtStart(
            @jakarta.enterprise.event.Observes
                    @jakarta.enterprise.context.Initialized(ApplicationScoped.class)
                    Object event) {
        acquisitions.getCount();
    }

    public void acquired(Duration waited) {
        acquisitions.inc();
        waitTime.update(waited);
    }

    public void contended(Duration waited) {
        contention.inc();
        waitTime.update(waited);
    }

    public void renewed() {
        renewals.inc();
    }

    public void leaseLost(LossDetectedBy where) {
        leasesLost[where.ordinal()].inc();
    }

    public void rolledBack() {
        rollbacks.inc();
    }

    public long leasesLost() {
        long sum = 0;
        for (Counter counter : leasesLost) {
            sum += counter.getCount();
        }
        return sum;
    }

    public long rollbacks() {
        return rollbacks.getCount();
    }

    public long acquisitions() {
        return acquisitions.getCount();
    }

    public long contentions() {
        return contention.getCount();
    }

    public long renewals() {
        return renewals.getCount();
    }
}
