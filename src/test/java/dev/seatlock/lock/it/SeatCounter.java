package dev.seatlock.lock.it;

import dev.seatlock.lock.LockLease;
import dev.seatlock.lock.SeatLockContext;
import dev.seatlock.lock.SeatLocked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A test bean whose locked methods record how callers overlap, per seat and over all seats. */
@ApplicationScoped
public class SeatCounter {

    private final SeatLockContext lockContext;
    private final ConcurrentMap<String, ConcurrencyProbe> perSeat = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrencyProbe> perRun = new ConcurrentHashMap<>();

    @Inject
    public SeatCounter(SeatLockContext lockContext) {
        this.lockContext = lockContext;
    }

    /** For CDI's client proxy only. */
    protected SeatCounter() {
        this.lockContext = null;
    }

    @SeatLocked(lease = "PT10S", waitTime = "PT60S")
    public void increment(TestSeat seat, String run, long pauseMillis) throws InterruptedException {
        ConcurrencyProbe seatProbe = probe(seat);
        ConcurrencyProbe runProbe = perRun.computeIfAbsent(run, r -> new ConcurrencyProbe());
        seatProbe.enter();
        runProbe.enter();
        try {
            seatProbe.incrementUnsafely(pauseMillis);
        } finally {
            runProbe.exit();
            seatProbe.exit();
        }
    }

    @SeatLocked(lease = "PT10S", waitTime = "PT5S")
    public LockLease holdAll(List<TestSeat> seats, Duration holdFor) {
        return lockContext.retain(holdFor);
    }

    @SeatLocked(lease = "PT10S", waitTime = "PT5S")
    public LockLease holdThenFail(TestSeat seat, Duration holdFor) {
        LockLease lease = lockContext.retain(holdFor);
        throw new IllegalArgumentException("failing after retain of " + lease);
    }

    @SeatLocked
    public void lockNothing(String notAKey) {
        // never runs: there is no LockKey among the arguments
    }

    public ConcurrencyProbe probe(TestSeat seat) {
        return perSeat.computeIfAbsent(seat.lockKey(), k -> new ConcurrencyProbe());
    }

    public ConcurrencyProbe run(String run) {
        return perRun.computeIfAbsent(run, r -> new ConcurrencyProbe());
    }
}
