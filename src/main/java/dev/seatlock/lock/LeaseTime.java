package dev.seatlock.lock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@link java.time.Duration} parameter of a {@link SeatLocked} method whose argument is
 * the lease of that call, in place of {@link SeatLocked#lease()}.
 *
 * <p>For a lease that must outlive the call by a time chosen per call, such as a seat hold's: the
 * lock is then taken with that lease in the acquisition itself, one Redis round trip, instead of
 * with a short lease extended by {@link SeatLockContext#retain(java.time.Duration)} inside the
 * method (a second round trip). A parameter annotation rather than an expression, so that it is
 * checked by the compiler and survives renames; on the implementing class's method, since a
 * parameter annotation of an interface method is not seen there.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface LeaseTime {}
