package dev.seatlock.lock.redis;

import dev.seatlock.lock.Fencing;
import dev.seatlock.lock.LeaseLostException;
import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.LockNotAcquiredException;
import dev.seatlock.lock.LockService;
import dev.seatlock.lock.LockStoreUnavailableException;
import dev.seatlock.lock.ReleaseOutcome;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The lock on N independent Redis primaries (the Redlock algorithm), opt-in with {@code
 * seatlock.redis.topology=redlock}: an acquisition counts only when a majority ({@code N/2 + 1})
 * took every key with the same owner token, and its lease is shortened by the time the attempt took
 * and by an allowance for clock drift. A failed attempt is undone on every node and retried after a
 * random delay until the wait time runs out. Survives the loss of a minority of the nodes.
 *
 * <p>Each node issues its own fencing tokens ({@code max(last + 1, its clock)}); the lease carries
 * the largest one of the majority (an unfenced acquisition writes no fence counter on any node).
 * Two majorities share at least one node, so the later holder's token is above the earlier one's on
 * that node; across nodes the order rests on the nodes' clocks agreeing to within the time between
 * two holders. The database's fencing check and unique constraint stay the last word either way.
 *
 * <p>No release notices ({@link ReleaseNotices}): the nodes publish nothing and a waiter retries
 * after a random 1 to 50 ms, as the algorithm prescribes. A Redlock hand-off needs a majority of
 * the nodes to have released, so one node's notice would mostly wake a waiter into keys still held
 * on the others, and waking on a majority of notices would need N subscriptions per server; the
 * retry is short already, and Redlock is the opt-in for surviving lost servers, not for speed.
 */
public final class RedlockService implements LockService {

    /**
     * Allowance for clock drift between the nodes, as a share of the lease (plus 2 ms), as in
     * Redlock.
     */
    static final double CLOCK_DRIFT_FACTOR = 0.01;

    private static final long MAX_RETRY_DELAY_MILLIS = 50;

    private final List<RedisLockService> nodes;
    private final int quorum;

    /**
     * @param nodes one lock service per independent Redis primary; at least three, an odd number is
     *     best
     */
    public RedlockService(List<RedisLockService> nodes) {
        this.nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        if (this.nodes.size() < 3) {
            throw new IllegalArgumentException(
                    "Redlock needs at least 3 independent Redis servers, got " + nodes.size());
        }
        this.quorum = this.nodes.size() / 2 + 1;
    }

    public int quorum() {
        return quorum;
    }

    @Override
    public LockLease acquire(
            Collection<String> keys, Duration leaseTime, Duration waitTime, Fencing fencing) {
        List<String> keyList = RedisLockService.validateKeys(keys);
        long leaseMillis = RedisLockService.validateLease(leaseTime);
        Objects.requireNonNull(waitTime, "waitTime");
        Objects.requireNonNull(fencing, "fencing");
        if (waitTime.isNegative()) {
            throw new IllegalArgumentException("wait time must not be negative: " + waitTime);
        }
        long waitDeadline =
                System.nanoTime() + Math.min(waitTime.toNanos(), TimeUnit.DAYS.toNanos(1));
        String owner = RedisLockService.newOwnerToken();
        while (true) {
            long start = System.nanoTime();
            Map<String, Long> tokens = new LinkedHashMap<>();
            Set<String> held = new LinkedHashSet<>();
            int taken = 0;
            int unavailable = 0;
            LockStoreUnavailableException lastFailure = null;
            for (RedisLockService node : nodes) {
                try {
                    RedisLockService.Attempt attempt =
                            node.attemptOnce(keyList, owner, leaseMillis, fencing);
                    if (attempt.acquired()) {
                        taken++;
                        attempt.tokens()
                                .forEach((key, token) -> tokens.merge(key, token, Math::max));
                    } else {
                        held.addAll(attempt.held());
                    }
                } catch (LockStoreUnavailableException e) {
                    unavailable++;
                    lastFailure = e;
                }
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long drift = (long) (leaseMillis * CLOCK_DRIFT_FACTOR) + 2;
            long validityMillis = leaseMillis - elapsedMillis - drift;
            if (taken >= quorum && validityMillis > 0) {
                return new LockLease(
                        owner,
                        tokens,
                        leaseTime,
                        start + TimeUnit.MILLISECONDS.toNanos(validityMillis));
            }
            releaseEverywhere(keyList, owner);
            if (unavailable > nodes.size() - quorum) {
                throw new LockStoreUnavailableException(
                        "Redlock: only "
                                + (nodes.size() - unavailable)
                                + " of "
                                + nodes.size()
                                + " Redis servers answered, "
                                + quorum
                                + " are needed: "
                                + lastFailure.getMessage(),
                        lastFailure);
            }
            long left = waitDeadline - System.nanoTime();
            if (left <= 0) {
                throw new LockNotAcquiredException(
                        held.isEmpty() ? keyList : List.copyOf(held), waitTime);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(
                        Math.min(
                                left,
                                TimeUnit.MILLISECONDS.toNanos(
                                        ThreadLocalRandom.current()
                                                .nextLong(1, MAX_RETRY_DELAY_MILLIS + 1))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockNotAcquiredException(List.copyOf(held), waitTime);
            }
        }
    }

    @Override
    public ReleaseOutcome release(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        int released =
                count(
                        node -> node.release(lease) == ReleaseOutcome.RELEASED,
                        "releasing " + lease.keys());
        return released >= quorum ? ReleaseOutcome.RELEASED : ReleaseOutcome.LEASE_ALREADY_LOST;
    }

    @Override
    public LockLease extend(LockLease lease, Duration leaseTime) {
        Objects.requireNonNull(lease, "lease");
        long leaseMillis = RedisLockService.validateLease(leaseTime);
        long start = System.nanoTime();
        int extended =
                count(
                        node -> {
                            try {
                                node.extend(lease, leaseTime);
                                return true;
                            } catch (LeaseLostException e) {
                                return false;
                            }
                        },
                        "extending " + lease.keys());
        long validityMillis =
                leaseMillis
                        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                        - (long) (leaseMillis * CLOCK_DRIFT_FACTOR)
                        - 2;
        if (extended < quorum || validityMillis <= 0) {
            throw new LeaseLostException(
                    lease.keys(),
                    "extended on "
                            + extended
                            + " of "
                            + nodes.size()
                            + " Redis servers, "
                            + quorum
                            + " are needed");
        }
        return lease.withLeaseTime(
                leaseTime, start + TimeUnit.MILLISECONDS.toNanos(validityMillis));
    }

    @Override
    public boolean isHeld(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        return count(node -> node.isHeld(lease), "checking " + lease.keys()) >= quorum;
    }

    @Override
    public Set<String> heldKeys(Collection<String> keys) {
        Map<String, Integer> votes = new HashMap<>();
        int answered = 0;
        LockStoreUnavailableException lastFailure = null;
        for (RedisLockService node : nodes) {
            try {
                for (String key : node.heldKeys(keys)) {
                    votes.merge(key, 1, Integer::sum);
                }
                answered++;
            } catch (LockStoreUnavailableException e) {
                lastFailure = e;
            }
        }
        requireQuorum(answered, lastFailure, "reading " + keys.size() + " keys");
        // Held means "cannot be taken now": fewer answering servers have the key free than a
        // majority. With all servers up that is a key held on a majority; with one down, a key held
        // on any one that answers (say, forgotten by a server that restarted empty but still held
        // on another): showing it free would offer a seat that every attempt is refused.
        int answering = answered;
        Set<String> held = new LinkedHashSet<>();
        votes.forEach(
                (key, n) -> {
                    if (answering - n < quorum) {
                        held.add(key);
                    }
                });
        return Set.copyOf(held);
    }

    @Override
    public long advanceFence(String key, long atLeast) {
        long highest = atLeast;
        int answered = 0;
        LockStoreUnavailableException lastFailure = null;
        for (RedisLockService node : nodes) {
            try {
                highest = Math.max(highest, node.advanceFence(key, atLeast));
                answered++;
            } catch (LockStoreUnavailableException e) {
                lastFailure = e;
            }
        }
        requireQuorum(answered, lastFailure, "advancing the fence of " + key);
        return highest;
    }

    private void releaseEverywhere(List<String> keys, String owner) {
        LockLease attempt =
                new LockLease(
                        owner,
                        keys.stream()
                                .collect(LinkedHashMap::new, (m, k) -> m.put(k, 0L), Map::putAll),
                        Duration.ofMillis(1),
                        System.nanoTime());
        for (RedisLockService node : nodes) {
            try {
                node.release(attempt);
            } catch (LockStoreUnavailableException e) {
                // its keys expire by themselves
            }
        }
    }

    /**
     * On how many nodes {@code check} holds; unavailable nodes count as no. Fails without a
     * majority answering.
     */
    private int count(Function<RedisLockService, Boolean> check, String what) {
        int yes = 0;
        int answered = 0;
        LockStoreUnavailableException lastFailure = null;
        for (RedisLockService node : nodes) {
            try {
                if (check.apply(node)) {
                    yes++;
                }
                answered++;
            } catch (LockStoreUnavailableException e) {
                lastFailure = e;
            }
        }
        if (yes < quorum) {
            requireQuorum(answered, lastFailure, what);
        }
        return yes;
    }

    private void requireQuorum(
            int answered, LockStoreUnavailableException lastFailure, String what) {
        if (answered < quorum) {
            throw new LockStoreUnavailableException(
                    "Redlock: only "
                            + answered
                            + " of "
                            + nodes.size()
                            + " Redis servers answered while "
                            + what
                            + ", "
                            + quorum
                            + " are needed"
                            + (lastFailure == null ? "" : ": " + lastFailure.getMessage()),
                    lastFailure);
        }
    }
}
