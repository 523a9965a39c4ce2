package dev.seatlock.api;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Deletes idempotency records {@code seatlock.api.idempotency.retention} (24 h) after they were
 * created, every {@code seatlock.api.idempotency.purge-interval} (10 min), {@code purge-batch}
 * (500) rows per DELETE until a DELETE finds fewer: a retry after the retention runs as a new
 * request. Without it the table only grows, as every request with a key leaves a row.
 *
 * <p>Every server runs it; no leader is needed. Each DELETE names its rows by criteria (created
 * before the cutoff, and complete or long abandoned), so two servers purging at once delete each
 * row once between them, and the one that finds nothing left stops. Claims are kept while they may
 * still be running: one is purged only when it too was claimed before the cutoff.
 */
@ApplicationScoped
public class IdempotencyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class.getName());

    private final IdempotencyStore store;
    private final MetricRegistry metrics;
    private final Duration retention;
    private final Duration interval;
    private final int batch;

    @Resource private ManagedScheduledExecutorService scheduler;
    private ScheduledFuture<?> purging;

    @Inject
    public IdempotencyPurge(
            IdempotencyStore store,
            MetricRegistry metrics,
            @ConfigProperty(name = "seatlock.api.idempotency.retention", defaultValue = "PT24H")
                    Duration retention,
            @ConfigProperty(
                            name = "seatlock.api.idempotency.purge-interval",
                            defaultValue = "PT10M")
                    Duration interval,
            @ConfigProperty(name = "seatlock.api.idempotency.purge-batch", defaultValue = "500")
                    int batch) {
        if (retention.isNegative()
                || retention.isZero()
                || interval.isNegative()
                || interval.isZero()
                || batch < 1) {
            throw new IllegalArgumentException(
                    "seatlock.api.idempotency.retention and purge-interval must be positive"
                            + " and purge-batch at least 1, not "
                            + retention
                            + ", "
                            + interval
                            + ", "
                            + batch);
        }
        this.store = store;
        this.metrics = metrics;
        this.retention = retention;
        this.interval = interval;
        this.batch = batch;
    }

    /** For CDI's proxy. */
    protected IdempotencyPurge() {
        this.store = null;
        this.metrics = null;
        this.retention = Duration.ofHours(24);
        this.interval = Duration.ofMinutes(10);
        this.batch = 500;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Servers started together need not purge in step; a random first delay spreads them.
        long first = ThreadLocalRandom.current().nextLong(interval.toMillis()) + 1;
        purging =
                scheduler.scheduleWithFixedDelay(
                        this::purgeLogged, first, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (purging != null) {
            purging.cancel(false);
        }
    }

    /**
     * Purges every record older than the retention, now, and returns how many this server deleted.
     */
    public int purge() {
        Instant cutoff = Instant.now().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = store.purge(cutoff, batch);
            total += deleted;
        } while (deleted == batch);
        metrics.counter("seatlock.idempotency.purged").inc(total);
        if (total > 0) {
            LOG.log(
                    Level.INFO,
                    "Purged {0} idempotency records created before {1}",
                    new Object[] {total, cutoff});
        }
        return total;
    }

    private void purgeLogged() {
        try {
            purge();
        } catch (RuntimeException e) {
            // The database away: the next interval tries again. An exception would end the
            // schedule.
            LOG.log(Level.WARNING, "Idempotency records not purged: {0}", e.toString());
        }
    }
}
