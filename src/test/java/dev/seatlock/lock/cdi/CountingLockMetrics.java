package dev.seatlock.lock.cdi;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** LockMetrics without a MetricRegistry. */
final class CountingLockMetrics extends LockMetrics {

    final AtomicLong acquired = new AtomicLong();
    final AtomicLong contended = new AtomicLong();
    final AtomicLong renewed = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong rolledBack = new AtomicLong();

    @Override
    public void acquired(Duration waited) {
        acquired.incrementAndGet();
    }

    @Override
    public void contended(Duration waited) {
        contended.incrementAndGet();
    }

    @Override
    public void renewed() {
        renewed.incrementAndGet();
    }

    @Override
    public void leaseLost(LossDetectedBy where) {
        lost.incrementAndGet();
    }

    @Override
    public void rolledBack() {
        rolledBack.incrementAndGet();
    }

    @Override
    public long leasesLost() {
        return lost.get();
    }

    @Override
    public long rollbacks() {
        return rolledBack.get();
    }

    @Override
    public long renewals() {
        return renewed.get();
    }
}
