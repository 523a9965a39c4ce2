package dev.seatlock.domain.payment;

import dev.seatlock.domain.BookingMetrics;
import dev.seatlock.domain.payment.Payment.GatewayOperation;
import dev.seatlock.lock.Fencing;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockService;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finishes every payment the request that took it could not: captures what is AUTHORIZED with a
 * booking, voids what is authorized without one once the grace period has passed, asks the gateway
 * about attempts whose authorization was never recorded, and retries each with a doubling backoff.
 *
 * <p>Runs on every server, on the managed scheduler; a lock of our own {@link LockService} lets one
 * run at a time across servers. The lock is an economy, not the guard: every step is idempotent at
 * the gateway (the payment's idempotency keys) and decided under the payment's row lock, so two
 * runs at once (a lease lost to a long pause) do no harm.
 */
@ApplicationScoped
public class PaymentReconciler {

    /** The reconciler's lock key (not a seat: outside the seat key space). */
    static final String LOCK_KEY = "reconciler:payments";

    private static final Logger LOG = Logger.getLogger(PaymentReconciler.class.getName());

    private final Payments payments;
    private final PaymentLedger ledger;
    private final PaymentGateway gateway;
    private final LockService locks;
    private final BookingMetrics metrics;
    private final PaymentSettings settings;

    // Resource injection: the managed scheduler is not a CDI bean.
    @Resource private ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> schedule;

    @Inject
    public PaymentReconciler(
            Payments payments,
            PaymentLedger ledger,
            PaymentGateway gateway,
            LockService locks,
            BookingMetrics metrics,
            PaymentSettings settings) {
        this.payments = payments;
        this.ledger = ledger;
        this.gateway = gateway;
        this.locks = locks;
        this.metrics = metrics;
        this.settings = settings;
    }

    /** For CDI's proxy. */
    protected PaymentReconciler() {
        this(null, null, null, null, null, null);
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        long every = settings.reconcileEvery().toMillis();
        schedule =
                scheduler.scheduleWithFixedDelay(
                        this::runQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    /**
     * One pass over the due payments, if no other server is running one.
     *
     * @return how many payments were looked at, or empty when another server holds the reconciler's
     *     lock
     */
    public Optional<Integer> runOnce() {
        LockLease lease;
        try {
            // Unfenced: nothing compares its token, so it leaves no fence key behind.
            lease = locks.acquire(List.of(LOCK_KEY), lockLease(), Duration.ZERO, Fencing.NONE);
        } catch (LockNotAcquiredException busy) {
            return Optional.empty();
        }
        try {
            List<Payment> due = payments.due(Instant.now(), settings.batchSize());
            due.forEach(this::settle);
            return Optional.of(due.size());
        } finally {
            try {
                locks.release(lease);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.FINE,
                        "Reconciler lock not released; it expires: {0}",
                        e.getMessage());
            }
        }
    }

    private void runQuietly() {
        try {
            metrics.paymentStates(payments.countByState());
            runOnce();
        } catch (RuntimeException e) {
            // Redis or the database away: the next run tries again.
            LOG.log(Level.WARNING, "Payment reconciler run failed: {0}", String.valueOf(e));
        }
    }

    /**
     * Long enough for a batch of slow gateway calls, short enough that a crashed server's lock
     * frees itself soon: another server takes over within it.
     */
    private Duration lockLease() {
        Duration lease = settings.reconcileEvery().multipliedBy(6);
        return lease.compareTo(Duration.ofSeconds(15)) < 0 ? Duration.ofSeconds(15) : lease;
    }

    private void settle(Payment payment) {
        try {
            switch (payment.state()) {
                case PENDING -> settlePending(payment);
                case AUTHORIZED -> settleAuthorized(payment);
                case VOIDING -> voidAt(payment);
                default -> {
                    // settled meanwhile
                }
            }
        } catch (PaymentRefusedException refused) {
            metrics.reconciled(PaymentState.NEEDS_ATTENTION);
            LOG.log(
                    Level.SEVERE,
                    "Payment {0} ({1}) refused for good by the acquirer, set aside for a person: {2}",
                    new Object[] {payment.id(), payment.state(), refused.getMessage()});
            recordQuietly(payment, () -> ledger.needsAttention(payment.id(), refused.getMessage()));
        } catch (RuntimeException e) {
            metrics.reconcilerFailure();
            LOG.log(
                    Level.WARNING,
                    "Payment {0} ({1}) not settled, retrying later: {2}",
                    new Object[] {payment.id(), payment.state(), String.valueOf(e.getMessage())});
            recordQuietly(
                    payment,
                    () ->
                            ledger.failed(
                                    payment.id(),
                                    e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * One payment's bookkeeping failing (the database away) must not stop the rest of the batch.
     */
    private static void recordQuietly(Payment payment, Runnable record) {
        try {
            record.run();
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Could not record the outcome for payment {0}: {1}",
                    new Object[] {payment.id(), e});
        }
    }

    /**
     * A process died, or the gateway did not answer, before the authorization was recorded: the key
     * is closed at the gateway first, so that a call still under way cannot authorize after this
     * decision.
     */
    private void settlePending(Payment payment) {
        Optional<PaymentAuthorization> authorization =
                gateway.closeAuthorizeKey(payment.gatewayKey(GatewayOperation.AUTHORIZE));
        if (authorization.isEmpty()) {
            ledger.neverAuthorized(payment.id());
            LOG.log(Level.INFO, "Payment {0} was never authorized; closed", payment.id());
            return;
        }
        ledger.authorizedLate(payment.id(), authorization.get());
        payments.find(payment.id()).ifPresent(this::settleAuthorized);
    }

    private void settleAuthorized(Payment payment) {
        if (payment.bookingReference().isPresent()) {
            gateway.capture(payment.authorization(), payment.gatewayKey(GatewayOperation.CAPTURE));
            ledger.captured(payment.id());
            metrics.paymentCaptured();
            metrics.reconciled(PaymentState.CAPTURED);
            LOG.log(
                    Level.INFO,
                    "Captured payment {0} of booking {1}",
                    new Object[] {payment.id(), payment.bookingReference().get()});
        } else if (payment.createdAt().plus(settings.voidAfter()).isBefore(Instant.now())) {
            if (ledger.decideVoid(payment.id())) {
                voidAt(payment);
            }
        }
    }

    private void voidAt(Payment payment) {
        gateway.voidAuthorization(
                payment.authorization(), payment.gatewayKey(GatewayOperation.VOID));
        ledger.voided(payment.id());
        metrics.paymentVoided();
        metrics.reconciled(PaymentState.VOIDED);
        LOG.log(Level.INFO, "Voided payment {0}: no booking", payment.id());
    }
}
