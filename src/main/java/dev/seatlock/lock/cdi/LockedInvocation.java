package dev.seatlock.lock.cdi;

import dev.seatlock.lock.LockLease;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running {@code @SeatLocked} call: its lease (replaced by every renewal), whether the lease
 * was lost, whether the method retained it. Shared by the caller's thread, the watchdog thread and
 * the transaction's before-commit check; the monitor of this object orders renewals against retain
 * and the end of the call, so that no renewal runs after the lease was released.
 *
 * <p>Public only because CDI client proxies of this package's beans pass it; nothing outside the
 * package can create or change one.
 */
public final class LockedInvocation {

    private final String method;
    private final List<String> keys;
    private final boolean checkAtCommit;
    private final AtomicBoolean leaseLost = new AtomicBoolean();
    private volatile LockLease lease;
    private volatile boolean retained;
    private volatile String lossReason;

    // Guarded by this.
    private boolean finished;
    private int renewals;
    private ScheduledFuture<?> nextRenewal;

    LockedInvocation(String method, LockLease lease) {
        this(method, lease, true);
    }

    LockedInvocation(String method, LockLease lease, boolean checkAtCommit) {
        this.method = method;
        this.lease = lease;
        this.keys = lease.keys();
        this.checkAtCommit = checkAtCommit;
    }

    /** Whether the before-commit check asks Redis ({@code SeatLocked#checkAtCommit}). */
    boolean checkAtCommit() {
        return checkAtCommit;
    }

    String method() {
        return method;
    }

    List<String> keys() {
        return keys;
    }

    LockLease lease() {
        return lease;
    }

    void lease(LockLease renewed) {
        this.lease = renewed;
    }

    boolean retained() {
        return retained;
    }

    void markRetained() {
        this.retained = true;
    }

    boolean leaseLost() {
        return leaseLost.get();
    }

    /**
     * @return true the first time: the caller counts and logs the loss once.
     */
    boolean markLeaseLost(String reason) {
        if (leaseLost.compareAndSet(false, true)) {
            lossReason = reason;
            return true;
        }
        return false;
    }

    String lossReason() {
        return lossReason;
    }

    boolean covers(List<String> wanted) {
        return keys.containsAll(wanted);
    }

    // --- watchdog state, always under the monitor
    // -------------------------------------------------

    boolean finished() {
        assert Thread.holdsLock(this);
        return finished;
    }

    synchronized void finish() {
        finished = true;
        if (nextRenewal != null) {
            nextRenewal.cancel(false);
            nextRenewal = null;
        }
    }

    int renewals() {
        assert Thread.holdsLock(this);
        return renewals;
    }

    void countRenewal() {
        assert Thread.holdsLock(this);
        renewals++;
    }

    void nextRenewal(ScheduledFuture<?> future) {
        assert Thread.holdsLock(this);
        nextRenewal = future;
    }
}
