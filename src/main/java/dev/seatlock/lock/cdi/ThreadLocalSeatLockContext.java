package dev.seatlock.lock.cdi;

import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.SeatLockContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link SeatLockContext} of the running {@code @SeatLocked} calls: a stack per thread, because
 * locked methods nest. The thread only finds the lease; the lease's owner is its token, so a
 * retained lease can be released later from any thread or server.
 */
@ApplicationScoped
public class ThreadLocalSeatLockContext implements SeatLockContext {

    private final ThreadLocal<Deque<LockedInvocation>> stack = new ThreadLocal<>();
    private final LockService lockService;

    @Inject
    public ThreadLocalSeatLockContext(LockService lockService) {
        this.lockService = lockService;
    }

    /** For CDI's client proxy only. */
    protected ThreadLocalSeatLockContext() {
        this.lockService = null;
    }

    @Override
    public Optional<LockLease> current() {
        return innermost().map(LockedInvocation::lease);
    }

    @Override
    public LockLease retain(Duration leaseTime) {
        Objects.requireNonNull(leaseTime, "leaseTime");
        LockedInvocation invocation =
                innermost()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "SeatLockContext.retain called outside a @SeatLocked method"));
        synchronized (invocation) {
            if (invocation.leaseLost()) {
                throw new LeaseLostException(invocation.keys(), invocation.lossReason());
            }
            LockLease extended = lockService.extend(invocation.lease(), leaseTime);
            invocation.lease(extended);
            invocation.markRetained();
            return extended;
        }
    }

    @Override
    public LockLease retain() {
        LockedInvocation invocation =
                innermost()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "SeatLockContext.retain called outside a @SeatLocked method"));
        synchronized (invocation) {
            if (invocation.leaseLost()) {
                throw new LeaseLostException(invocation.keys(), invocation.lossReason());
            }
            invocation.markRetained();
            return invocation.lease();
        }
    }

    /** The innermost running call on this thread. Public for the client proxy; internal. */
    public Optional<LockedInvocation> innermost() {
        Deque<LockedInvocation> invocations = stack.get();
        return invocations == null ? Optional.empty() : Optional.ofNullable(invocations.peek());
    }

    /** An enclosing call on this thread that already holds every one of {@code keys}, if any. */
    public Optional<LockedInvocation> holding(List<String> keys) {
        Deque<LockedInvocation> invocations = stack.get();
        if (invocations == null) {
            return Optional.empty();
        }
        for (Iterator<LockedInvocation> it = invocations.iterator(); it.hasNext(); ) {
            LockedInvocation invocation = it.next();
            if (invocation.covers(keys)) {
                return Optional.of(invocation);
            }
        }
        return Optional.empty();
    }

    public void push(LockedInvocation invocation) {
        Deque<LockedInvocation> invocations = stack.get();
        if (invocations == null) {
            invocations = new ArrayDeque<>();
            stack.set(invocations);
        }
        invocations.push(invocation);
    }

    public void pop(LockedInvocation invocation) {
        Deque<LockedInvocation> invocations = stack.get();
        if (invocations == null) {
            return;
        }
        invocations.remove(invocation);
        if (invocations.isEmpty()) {
            // Pooled request threads live long: leave nothing behind.
            stack.remove();
        }
    }
}
