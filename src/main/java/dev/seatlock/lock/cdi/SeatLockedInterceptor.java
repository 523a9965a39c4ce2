package dev.seatlock.lock.cdi;

import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.ReleaseOutcome;
import dev.seatlock.lock.SeatLocked;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outer half of {@code @SeatLocked}: takes the lock of every {@link dev.seatlock.lock.LockKey}
 * argument in one all-or-nothing step, keeps the lease renewed while the method runs, and releases
 * it when the method ends, unless the method {@linkplain dev.seatlock.lock.SeatLockContext#retain
 * retained} it and returned normally.
 *
 * <p>Its priority, {@code PLATFORM_BEFORE + 90}, puts it <em>outside</em> {@code @Transactional}
 * ({@code PLATFORM_BEFORE + 200}): the lock is released only after the method's transaction
 * committed, so the next holder of the seat sees the committed state. A larger number would release
 * the lock between the method's end and its commit; {@code SeatLockedTransactionOrderIT} proves the
 * order. It is also outside MicroProfile Telemetry's {@code @WithSpan} ({@code PLATFORM_BEFORE +
 * 100} on Liberty, the same number this interceptor had before): a span on a locked method measures
 * the work under the lock, beside the {@code lock acquire} span, instead of the two depending on
 * how the container orders equal priorities.
 *
 * <p>A nested {@code @SeatLocked} call on keys that an enclosing call on the same thread already
 * holds runs under the enclosing lease instead of waiting for itself.
 */
@SeatLocked
@Interceptor
@Priority(SeatLockedInterceptor.PRIORITY)
public class SeatLockedInterceptor {

    /**
     * Outside {@code @Transactional} ({@code PLATFORM_BEFORE + 200}) and Liberty's
     * {@code @WithSpan} ({@code PLATFORM_BEFORE + 100}).
     */
    public static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE + 90;

    private static final Logger LOG = Logger.getLogger(SeatLockedInterceptor.class.getName());

    private final LockService lockService;
    private final SeatLockedMethods methods;
    private final ThreadLocalSeatLockContext context;
    private final LeaseWatchdog watchdog;
    private final LockMetrics metrics;
    private final Class<?> beanClass;

    @Inject
    public SeatLockedInterceptor(
            LockService lockService,
            SeatLockedMethods methods,
            ThreadLocalSeatLockContext context,
            LeaseWatchdog watchdog,
            LockMetrics metrics,
            @Intercepted Bean<?> intercepted) {
        this.lockService = lockService;
        this.methods = methods;
        this.context = context;
        this.watchdog = watchdog;
        this.metrics = metrics;
        this.beanClass = intercepted.getBeanClass();
    }

    @AroundInvoke
    Object lockAndProceed(InvocationContext invocation) throws Exception {
        SeatLockedMethods.Metadata method = methods.metadata(beanClass, invocation.getMethod());
        List<String> keys = LockKeys.of(invocation.getMethod(), invocation.getParameters());

        Optional<LockedInvocation> enclosing = context.holding(keys);
        if (enclosing.isPresent()) {
            return invocation.proceed();
        }

        LockedInvocation locked =
                new LockedInvocation(
                        method.name(),
                        acquire(method, keys, method.leaseOf(invocation.getParameters())),
                        method.checkAtCommit());
        context.push(locked);
        boolean returned = false;
        try {
            watchdog.watch(locked);
            Object result = invocation.proceed();
            returned = true;
            return result;
        } catch (RuntimeException e) {
            if (locked.leaseLost() && !(e instanceof LeaseLostException)) {
                // Most often the rollback that the lost lease caused: say why it happened.
                LeaseLostException lost =
                        new LeaseLostException(keys, method.name() + ": " + locked.lossReason());
                lost.initCause(e);
                throw lost;
            }
            throw e;
        } finally {
            locked.finish();
            context.pop(locked);
            if (!returned || !locked.retained()) {
                release(locked);
            }
        }
    }

    private LockLease acquire(
            SeatLockedMethods.Metadata method, List<String> keys, Duration leaseTime) {
        long start = System.nanoTime();
        try {
            LockLease lease =
                    lockService.acquire(keys, leaseTime, method.waitTime(), method.fencing());
            metrics.acquired(Duration.ofNanos(System.nanoTime() - start));
            return lease;
        } catch (LockNotAcquiredException e) {
            metrics.contended(Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    private void release(LockedInvocation locked) {
        try {
            if (lockService.release(locked.lease()) == ReleaseOutcome.LEASE_ALREADY_LOST) {
                if (locked.leaseLost()) {
                    return; // already counted and logged by the watchdog or the commit check
                }
                metrics.leaseLost(LockMetrics.LossDetectedBy.RELEASE);
                LOG.log(
                        Level.WARNING,
                        "{0} released its lock on {1} after the lease was already lost (expired"
                                + " or taken over): part of its work was not protected by the lock",
                        new Object[] {locked.method(), locked.keys()});
            }
        } catch (RuntimeException e) {
            // The lease runs out by itself; failing the call now would hide its real outcome.
            LOG.log(
                    Level.WARNING,
                    "Could not release the lock of "
                            + locked.method()
                            + " on "
                            + locked.keys()
                            + "; it expires with its lease",
                    e);
        }
    }
}
