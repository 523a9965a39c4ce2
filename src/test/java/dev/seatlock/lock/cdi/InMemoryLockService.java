package dev.seatlock.lock.cdi;

import dev.seatlock.lock.Fencing;
import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.ReleaseOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** A single-JVM LockService without expiry, to test the interceptors without Redis. */
final class InMemoryLockService implements LockService {

    private final Map<String, String> owners = new HashMap<>();
    private long fence;
    final AtomicInteger acquires = new AtomicInteger();
    final AtomicInteger releases = new AtomicInteger();
    final AtomicInteger extends_ = new AtomicInteger();
    final List<Collection<String>> acquiredKeys = new ArrayList<>();
    final List<Duration> leaseTimes = new ArrayList<>();
    final List<Duration> waitTimes = new ArrayList<>();
    final List<Fencing> fencings = new ArrayList<>();

    @Override
    public synchronized LockLease acquire(
            Collection<String> keys, Duration leaseTime, Duration waitTime, Fencing fencing) {
        acquires.incrementAndGet();
        acquiredKeys.add(List.copyOf(keys));
        leaseTimes.add(leaseTime);
        waitTimes.add(waitTime);
        fencings.add(fencing);
        List<String> held = keys.stream().filter(owners::containsKey).toList();
        if (!held.isEmpty()) {
            throw new LockNotAcquiredException(held, waitTime);
        }
        String token = UUID.randomUUID().toString();
        Map<String, Long> tokens = new LinkedHashMap<>();
        for (String key : keys) {
            owners.put(key, token);
            tokens.put(key, fencing == Fencing.TOKENS ? ++fence : LockLease.NO_FENCING_TOKEN);
        }
        return new LockLease(token, tokens, leaseTime, System.nanoTime() + leaseTime.toNanos());
    }

    @Override
    public synchronized ReleaseOutcome release(LockLease lease) {
        releases.incrementAndGet();
        boolean all = true;
        for (String key : lease.keys()) {
            if (lease.ownerToken().equals(owners.get(key))) {
                owners.remove(key);
            } else {
                all = false;
            }
        }
        return all ? ReleaseOutcome.RELEASED : ReleaseOutcome.LEASE_ALREADY_LOST;
    }

    @Override
    public synchronized LockLease extend(LockLease lease, Duration leaseTime) {
        extends_.incrementAndGet();
        if (!isHeld(lease)) {
            throw new LeaseLostException(lease.keys(), "not held");
        }
        return lease.withLeaseTime(leaseTime, System.nanoTime() + leaseTime.toNanos());
    }

    @Override
    public synchronized boolean isHeld(LockLease lease) {
        return lease.keys().stream().allMatch(k -> lease.ownerToken().equals(owners.get(k)));
    }

    @Override
    public synchronized Set<String> heldKeys(Collection<String> keys) {
        return keys.stream().filter(owners::containsKey).collect(Collectors.toSet());
    }

    /** What an expiry or a crash of Redis does to a key. */
    synchronized void forget(String key) {
        owners.remove(key);
    }

    synchronized boolean held(String key) {
        return owners.containsKey(key);
    }

    @Override
    public synchronized long advanceFence(String key, long atLeast) {
        fence = Math.max(fence, atLeast);
        return fence;
    }
}
