package dev.seatlock.lock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks {@code @Transactional} beans or methods whose transactions are <em>not</em> guarded by the
 * lease of an enclosing {@link SeatLocked} call. By default every transaction begun inside such a
 * call is rolled back when its lease is lost, which is right for work the lock protects. It is
 * wrong for work that must be recorded whatever became of the lock: a payment's state (ordered by
 * its row lock, not by the seat lease), an external system's books. Rolling those back would lose
 * the very record that lets the money be settled.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface OutsideLease {}
