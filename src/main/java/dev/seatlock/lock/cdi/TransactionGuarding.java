package dev.seatlock.lock.cdi;

import dev.seatlock.lock.OutsideLease;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;

/**
 * What both lease guards do, inside the transaction of the method they wrap: guard that transaction
 * with the lease of the innermost {@code @SeatLocked} call running on this thread, if any, unless
 * the method or its class is {@link OutsideLease}. The two subclasses differ only in the binding
 * that selects them.
 */
abstract class TransactionGuarding {

    private final TransactionLeaseVerifier verifier;

    TransactionGuarding(TransactionLeaseVerifier verifier) {
        this.verifier = verifier;
    }

    @AroundInvoke
    Object guardTransaction(InvocationContext invocation) throws Exception {
        if (!isOutsideLease(invocation.getMethod())) {
            verifier.guardCurrent();
        }
        return invocation.proceed();
    }

    /**
     * Read at run time rather than left out by {@link LeaseGuardExtension}: a type left without the
     * guard's binding was seen, on Liberty 26.0.0.3 and again on 26.0.0.5, to lose
     * {@code @Transactional}'s own interceptor as well (cause not found; the run-time check avoids
     * the question).
     */
    private static boolean isOutsideLease(Method method) {
        return method.isAnnotationPresent(OutsideLease.class)
                || method.getDeclaringClass().isAnnotationPresent(OutsideLease.class);
    }
}
