package dev.seatlock.lock.cdi;

import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;

/**
 * What both lease guards do, inside the transaction of the method they wrap: guard that transaction
 * with the lease of the innermost {@code @SeatLocked} call running on this thread, if any. The two
 * subclasses differ only in the binding that selects them.
 */
abstract class TransactionGuarding {

    private final TransactionLeaseVerifier verifier;

    TransactionGuarding(TransactionLeaseVerifier verifier) {
        this.verifier = verifier;
    }

    @AroundInvoke
    Object guardTransaction(InvocationContext invocation) throws Exception {
        verifier.guardCurrent();
        return invocation.proceed();
    }
}
