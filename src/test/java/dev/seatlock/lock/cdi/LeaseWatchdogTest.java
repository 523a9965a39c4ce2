package dev.seatlock.lock.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.lock.LockLease;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseWatchdogTest {

    private final InMemoryLockService store = new InMemoryLockService();
    private final CountingLockMetrics metrics = new CountingLockMetrics();
    private final LeaseWatchdog watchdog =
            new LeaseWatchdog(
                    store,
                    metrics,
                    new LockSettings(Duration.ofSeconds(30), Duration.ZERO, 0.5, 3));

    @AfterEach
    void stop() {
        watchdog.shutdown();
    }

    @Test
    void renewsAtHalfTheLeaseAtMostMaxRenewalsTimes() throws Exception {
        LockedInvocation invocation =
                new LockedInvocation("test", lease("seat:1", Duration.ofMillis(100)));

        watchdog.watch(invocation);
        Thread.sleep(600);
        invocation.finish();

        assertThat(metrics.renewed).as("renewals of a 100 ms lease over 600 ms, max 3").hasValue(3);
        assertThat(invocation.leaseLost()).isFalse();
    }

    @Test
    void flagsALeaseThatIsGoneAtRenewal() throws Exception {
        LockedInvocation invocation =
                new LockedInvocation("test", lease("seat:2", Duration.ofMillis(100)));
        store.forget("seat:2");

        watchdog.watch(invocation);
        Thread.sleep(300);
        invocation.finish();

        assertThat(invocation.leaseLost()).isTrue();
        assertThat(metrics.lost).hasValue(1);
        assertThat(metrics.renewed).hasValue(0);
    }

    @Test
    void stopsRenewingWhenTheCallFinished() throws Exception {
        LockedInvocation invocation =
                new LockedInvocation("test", lease("seat:3", Duration.ofMillis(100)));

        watchdog.watch(invocation);
        invocation.finish();
        Thread.sleep(200);

        assertThat(store.extends_).hasValue(0);
    }

    private LockLease lease(String key, Duration leaseTime) {
        return store.acquire(List.of(key), leaseTime, Duration.ZERO);
    }
}
