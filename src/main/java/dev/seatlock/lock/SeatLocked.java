package dev.seatlock.lock;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a business method while holding the distributed lock of every {@link LockKey} among its
 * arguments (a {@link LockKey} argument, or a collection of them): all taken in one all-or-nothing
 * step, always released when the method ends unless the method {@linkplain SeatLockContext#retain
 * retains} them.
 *
 * <p>The lock is taken <em>outside</em> any transaction the method starts with
 * {@code @Transactional}, so it is still held when that transaction commits. While the method runs,
 * its lease is renewed; if the lease is lost, the method's transaction is marked rollback-only.
 *
 * <p>Fails with {@link LockNotAcquiredException} (answer 409) when the keys stay held by others for
 * the whole wait time, and with {@link LockStoreUnavailableException} (answer 503) when Redis is
 * unreachable.
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SeatLocked {

    /**
     * Lease time, an ISO-8601 duration such as {@code PT30S}. Empty: {@code seatlock.lock.lease}
     * (default 30 s). A {@link LeaseTime} parameter overrides it per call. The lease is renewed
     * while the method runs, so it bounds how long a crashed server can keep a seat locked, not how
     * long the method may take.
     */
    @Nonbinding
    String lease() default "";

    /**
     * Longest wait for keys held by others, an ISO-8601 duration; {@code PT0S} tries once. Empty:
     * {@code seatlock.lock.wait} (default 2 s).
     */
    @Nonbinding
    String waitTime() default "";

    /**
     * Whether the lock issues a fencing token per key (default {@code true}), read by the method
     * through {@link SeatLockContext} and checked where it writes (the seats of a hold: {@code
     * SeatFences}). A fenced key keeps a fence counter in Redis beside its lock, for {@code
     * seatlock.lock.fence-ttl} (default 7 days) after its last acquisition. {@code false} for a
     * lock whose token nobody reads (one confirmation of a hold at a time): then only the lock key
     * is written, and it goes with the lease; the lease's tokens are {@link
     * LockLease#NO_FENCING_TOKEN}. A nested call runs under the enclosing lease, fenced or not.
     */
    @Nonbinding
    boolean fenced() default true;

    /**
     * Whether the check just before the method's transaction commits asks Redis that the lease
     * still holds every key (default {@code true}: one round trip per transaction). {@code false}
     * asks only this server's clock whether the lease has run out, and the lease watchdog's
     * findings: for a method whose lease outlives its transaction by far and whose writes are
     * checked under the lease again where it matters, so that losing the lease to a Redis that
     * restarted empty is caught there rather than here (a seat hold: its confirmation asks Redis
     * for the hold's lease and the database checks the seats' fencing tokens; the lock of one
     * confirmation at a time: the booking's own commit check and the database's unique seats).
     */
    @Nonbinding
    boolean checkAtCommit() default true;
}
