package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The queue of this JVM's waiters per lock key, without Redis. */
class LocalWaitersTest {

    private final LocalWaiters waiters = new LocalWaiters();

    @Test
    void aReleaseWakesTheLongestWaiterOfTheKeyAndOnlyThatOne() throws Exception {
        Parked first = Parked.start();
        Parked second = Parked.start();
        waiters.join(List.of("a"), first.thread);
        waiters.join(List.of("a"), second.thread);

        waiters.wakeNext(List.of("a"));

        assertThat(first.woken.await(5, TimeUnit.SECONDS)).as("the first waiter woke").isTrue();
        assertThat(second.woken.await(200, TimeUnit.MILLISECONDS))
                .as("the second waiter woke")
                .isFalse();
        assertThat(waiters.anyWaiting(List.of("a"))).as("the second one still waits").isTrue();
        second.thread.interrupt();
    }

    @Test
    void aWokenWaiterKeepsItsTurnUntilItLeaves() throws Exception {
        Parked first = Parked.start();
        Parked second = Parked.start();
        waiters.join(List.of("a"), first.thread);
        waiters.join(List.of("a"), second.thread);
        waiters.wakeNext(List.of("a"));
        assertThat(first.woken.await(5, TimeUnit.SECONDS)).isTrue();

        waiters.wakeNext(
                List.of("a")); // the first has not left yet: it is woken again, not the second
        assertThat(second.woken.await(200, TimeUnit.MILLISECONDS))
                .as("the second waiter woke")
                .isFalse();
        waiters.leave(List.of("a"), first.thread);
        waiters.wakeNext(List.of("a"));
        assertThat(second.woken.await(5, TimeUnit.SECONDS))
                .as("the second waiter woke once the first left")
                .isTrue();
    }

    @Test
    void aWaiterOfSeveralKeysQueuesOnEachAndLeavesNothingBehind() {
        Thread me = Thread.currentThread();
        waiters.join(List.of("a", "b"), me);
        waiters.join(List.of("a", "b"), me); // already queued: no second place
        assertThat(waiters.anyWaiting(List.of("b"))).isTrue();
        assertThat(waiters.queuedKeys()).isEqualTo(2);

        waiters.leave(List.of("a", "b"), me);

        assertThat(waiters.anyWaiting(List.of("a", "b"))).isFalse();
        assertThat(waiters.queuedKeys()).as("empty queues are dropped").isZero();
        waiters.wakeNext(List.of("a", "b")); // nobody to wake: nothing happens
    }

    @Test
    void aReleaseChangesTheStampOfItsKeysSoThatAWaiterDoesNotSleepThroughIt() {
        long before = waiters.stamp(List.of("a", "b"));
        waiters.wakeNext(List.of("c")); // another key: another stripe (a, b and c differ)
        assertThat(waiters.stamp(List.of("a", "b")))
                .as("stamp after a release of c")
                .isEqualTo(before);
        waiters.wakeNext(List.of("b"));
        assertThat(waiters.stamp(List.of("a", "b")))
                .as("stamp after a release of b, with nobody queued")
                .isNotEqualTo(before);
    }

    @Test
    void afterMissedNoticesTheFirstWaiterOfEveryKeyTriesAgain() throws Exception {
        Parked firstOfA = Parked.start();
        Parked secondOfA = Parked.start();
        Parked firstOfB = Parked.start();
        waiters.join(List.of("a"), firstOfA.thread);
        waiters.join(List.of("a"), secondOfA.thread);
        waiters.join(List.of("b"), firstOfB.thread);
        long before = waiters.stamp(List.of("a"));

        waiters.wakeAll();

        assertThat(firstOfA.woken.await(5, TimeUnit.SECONDS)).as("first of a woke").isTrue();
        assertThat(firstOfB.woken.await(5, TimeUnit.SECONDS)).as("first of b woke").isTrue();
        assertThat(secondOfA.woken.await(200, TimeUnit.MILLISECONDS))
                .as("second of a woke")
                .isFalse();
        assertThat(waiters.stamp(List.of("a"))).as("stamp of a").isNotEqualTo(before);
        secondOfA.thread.interrupt();
    }

    /** A thread parked until unparked (or interrupted), which then counts down {@link #woken}. */
    private record Parked(Thread thread, CountDownLatch woken) {
        static Parked start() throws InterruptedException {
            CountDownLatch woken = new CountDownLatch(1);
            CountDownLatch parked = new CountDownLatch(1);
            Thread thread =
                    new Thread(
                            () -> {
                                parked.countDown();
                                LockSupport.park();
                                if (!Thread.currentThread().isInterrupted()) {
                                    woken.countDown();
                                }
                            });
            thread.setDaemon(true);
            thread.start();
            parked.await();
            return new Parked(thread, woken);
        }
    }
}
