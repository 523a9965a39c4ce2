package dev.seatlock.lock.cdi;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a lost lease roll back the transaction that relied on it: registers in the current JTA
 * transaction a check that runs just before commit, asks Redis whether the lease still holds its
 * keys (one round trip), and marks the transaction rollback-only if it does not.
 *
 * <p>{@link LeaseTransactionGuard} does this for every {@code @SeatLocked} call, and {@link
 * TransactionalLeaseGuard} for every transaction that a bean begins inside such a call. Business
 * code that works with a <em>stored</em> lease, such as a seat hold confirmed in a later request,
 * calls {@link #guard(LockLease)} in its own transaction. The check is registered once per lease
 * and transaction.
 *
 * <p>A {@code @SeatLocked(checkAtCommit = false)} call's transaction is checked by this server's
 * clock (the lease's deadline) and the watchdog's findings only, without a round trip.
 */
@ApplicationScoped
public class TransactionLeaseVerifier {

    private static final Logger LOG = Logger.getLogger(TransactionLeaseVerifier.class.getName());

    private final LockService lockService;
    private final LockMetrics metrics;
    private final ThreadLocalSeatLockContext context;
    private final TransactionSynchronizationRegistry registry;

    @Inject
    public TransactionLeaseVerifier(
            LockService lockService,
            LockMetrics metrics,
            ThreadLocalSeatLockContext context,
            TransactionSynchronizationRegistry registry) {
        this.lockService = lockService;
        this.metrics = metrics;
        this.context = context;
        this.registry = registry;
    }

    /** For CDI's client proxy only. */
    protected TransactionLeaseVerifier() {
        this.lockService = null;
        this.metrics = null;
        this.context = null;
        this.registry = null;
    }

    /**
     * Creates this bean while the application starts, on a thread that has the application's naming
     * context: the registry is a {@code java:comp} resource, which a thread the application started
     * itself cannot look up.
     */
    void createAtStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        registry.getTransactionStatus();
    }

    /**
     * Rolls back the calling thread's transaction at commit unless {@code lease} still holds all
     * its keys then.
     *
     * @return whether a transaction was active to guard
     */
    public boolean guard(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        return register(
                lease.ownerToken(), lease.keys().toString(), () -> false, () -> lease, null, true);
    }

    /**
     * Guards the current transaction with the lease of the innermost {@code @SeatLocked} call on
     * this thread, if any: what both lease guards do inside the transaction of the method they
     * wrap.
     *
     * @return whether there was both a lease and an active transaction
     */
    public boolean guardCurrent() {
        return context.innermost().map(this::guard).orElse(false);
    }

    /** Guards the current transaction with a running call's lease. */
    private boolean guard(LockedInvocation invocation) {
        return register(
                invocation.lease().ownerToken(),
                invocation.method() + " " + invocation.keys(),
                () -> invocation.leaseLost(),
                invocation::lease,
                invocation,
                invocation.checkAtCommit());
    }

    private boolean register(
            String ownerToken,
            String what,
            BooleanSupplier knownLost,
            Supplier<LockLease> lease,
            LockedInvocation invocation,
            boolean askRedis) {
        if (registry.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return false;
        }
        GuardKey key = new GuardKey(ownerToken);
        if (registry.getResource(key) != null) {
            return true;
        }
        registry.putResource(key, Boolean.TRUE);
        registry.registerInterposedSynchronization(
                new LeaseCheck(what, knownLost, lease, invocation, askRedis));
        return true;
    }

    /**
     * The transaction-local marker of a guarded lease; the owner token never leaves this object.
     */
    private record GuardKey(String ownerToken) {
        @Override
        public String toString() {
            return "SeatLockLeaseGuard";
        }
    }

    private final class LeaseCheck implements Synchronization {

        private final String what;
        private final BooleanSupplier knownLost;
        private final Supplier<LockLease> lease;
        private final LockedInvocation invocation;
        private final boolean askRedis;

        LeaseCheck(
                String what,
                BooleanSupplier knownLost,
                Supplier<LockLease> lease,
                LockedInvocation invocation,
                boolean askRedis) {
            this.what = what;
            this.knownLost = knownLost;
            this.lease = lease;
            this.invocation = invocation;
            this.askRedis = askRedis;
        }

        @Override
        public void beforeCompletion() {
            if (registry.getTransactionStatus() != Status.STATUS_ACTIVE) {
                return;
            }
            String reason;
            if (knownLost.getAsBoolean()) {
                reason = "the lease watchdog found it lost";
            } else if (!askRedis) {
                // @SeatLocked(checkAtCommit = false): this server's clock only, no round trip.
                reason =
                        lease.get().remaining().isNegative()
                                ? "it ran out by this server's clock"
                                : null;
                if (reason != null) {
                    metrics.leaseLost(LockMetrics.LossDetectedBy.COMMIT);
                }
            } else {
                try {
                    reason =
                            lockService.isHeld(lease.get())
                                    ? null
                                    : "Redis no longer holds it for this lease";
                } catch (RuntimeException e) {
                    reason = "cannot tell whether it is still held: " + e;
                }
                if (reason != null) {
                    metrics.leaseLost(LockMetrics.LossDetectedBy.COMMIT);
                }
            }
            if (reason != null) {
                if (invocation != null) {
                    invocation.markLeaseLost(reason);
                }
                registry.setRollbackOnly();
                metrics.rolledBack();
                LOG.log(
                        Level.WARNING,
                        "Rolling back the transaction of {0}: its lease is lost ({1})",
                        new Object[] {what, reason});
            }
        }

        @Override
        public void afterCompletion(int status) {
            // Nothing to undo: the check only votes before commit.
        }
    }
}
