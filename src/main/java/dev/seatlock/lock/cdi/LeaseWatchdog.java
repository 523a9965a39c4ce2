package dev.seatlock.lock.cdi;

import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Renews the lease of a {@code @SeatLocked} method that runs longer than {@code
 * seatlock.lock.renew-at} of its lease, at most {@code seatlock.lock.max-renewals} times, so that a
 * slow but live method keeps its seats while a crashed server loses them after one lease.
 *
 * <p>A renewal that finds the lease gone marks the invocation's lease lost; its transaction is then
 * rolled back at commit ({@link TransactionLeaseVerifier}). A renewal that cannot reach Redis is
 * retried while the lease has time left by the local clock, and only then counted as lost.
 *
 * <p>One daemon thread of the JDK's scheduler: a renewal is one Redis round trip that needs no
 * container context.
 */
@ApplicationScoped
public class LeaseWatchdog {

    private static final Logger LOG = Logger.getLogger(LeaseWatchdog.class.getName());
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(1);

    private final LockService lockService;
    private final LockMetrics metrics;
    private final LockSettings settings;
    private final ScheduledThreadPoolExecutor scheduler;

    @Inject
    public LeaseWatchdog(LockService lockService, LockMetrics metrics, LockSettings settings) {
        this.lockService = lockService;
        this.metrics = metrics;
        this.settings = settings;
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads());
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** For CDI's client proxy only. */
    protected LeaseWatchdog() {
        this.lockService = null;
        this.metrics = null;
        this.settings = null;
        this.scheduler = null;
    }

    /** Starts renewing the invocation's lease; {@link LockedInvocation#finish()} stops it. */
    public void watch(LockedInvocation invocation) {
        synchronized (invocation) {
            scheduleRenewal(invocation, renewalDelay(invocation.lease()));
        }
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
    }

    private long renewalDelay(LockLease lease) {
        return (long) (lease.leaseTime().toNanos() * settings.renewAt());
    }

    private void scheduleRenewal(LockedInvocation invocation, long delayNanos) {
        assert Thread.holdsLock(invocation);
        if (invocation.finished() || invocation.retained() || invocation.leaseLost()) {
            return;
        }
        try {
            invocation.nextRenewal(
                    scheduler.schedule(
                            () -> renew(invocation),
                            Math.max(0, delayNanos),
                            TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            // Shutting down: the method's lease simply runs out.
            LOG.log(
                    Level.FINE,
                    "Lease watchdog is shut down; not renewing {0}",
                    invocation.method());
        }
    }

    void renew(LockedInvocation invocation) {
        synchronized (invocation) {
            if (invocation.finished() || invocation.retained() || invocation.leaseLost()) {
                return;
            }
            if (invocation.renewals() >= settings.maxRenewals()) {
                LOG.log(
                        Level.WARNING,
                        "{0} still runs after {1} lease renewals (seatlock.lock.max-renewals);"
                                + " its lease on {2} will now run out",
                        new Object[] {
                            invocation.method(), invocation.renewals(), invocation.keys()
                        });
                return;
            }
            LockLease lease = invocation.lease();
            try {
                LockLease renewed = lockService.extend(lease, lease.leaseTime());
                invocation.lease(renewed);
                invocation.countRenewal();
                metrics.renewed();
                scheduleRenewal(invocation, renewalDelay(renewed));
            } catch (LeaseLostException e) {
                lost(invocation, "renewal found it gone (expired or taken over)");
            } catch (LockStoreUnavailableException e) {
                long remaining = lease.deadlineNanos() - System.nanoTime();
                if (remaining <= 0) {
                    lost(invocation, "it ran out while Redis was unreachable: " + e.getMessage());
                } else {
                    LOG.log(
                            Level.WARNING,
                            "Could not renew the lease of {0} on {1}, retrying: {2}",
                            new Object[] {invocation.method(), invocation.keys(), e.getMessage()});
                    scheduleRenewal(invocation, Math.min(remaining / 2, MAX_RETRY_DELAY.toNanos()));
                }
            } catch (RuntimeException e) {
                lost(invocation, "renewal failed: " + e);
            }
        }
    }

    private void lost(LockedInvocation invocation, String reason) {
        if (invocation.markLeaseLost(reason)) {
            metrics.leaseLost(LockMetrics.LossDetectedBy.RENEWAL);
            LOG.log(
                    Level.WARNING,
                    "{0} lost its lease on {1}: {2}; its transaction will be rolled back",
                    new Object[] {invocation.method(), invocation.keys(), reason});
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread =
                    new Thread(runnable, "seatlock-lease-watchdog-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
