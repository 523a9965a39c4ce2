package dev.seatlock.lock.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Internal binding that {@link LeaseGuardExtension} adds to every {@code @Transactional} type and
 * method, so that a transaction begun anywhere inside a running {@code @SeatLocked} call, by any
 * bean, is guarded by that call's lease ({@link TransactionalLeaseGuard}). Not for application
 * code.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface LeaseGuarded {

    /** The instance the extension adds. */
    final class Literal extends AnnotationLiteral<LeaseGuarded> implements LeaseGuarded {
        public static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;
    }
}
