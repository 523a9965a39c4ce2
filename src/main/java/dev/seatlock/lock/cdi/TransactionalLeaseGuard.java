package dev.seatlock.lock.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * {@link LeaseTransactionGuard} for {@code @Transactional} beans that are not themselves
 * {@code @SeatLocked}: when such a bean's transaction begins inside a running {@code @SeatLocked}
 * call on the same thread, it is guarded by that call's lease. Outside such a call it costs one
 * thread-local read. Registered once per lease and transaction, whichever guard comes first.
 */
@LeaseGuarded
@Interceptor
@Priority(LeaseTransactionGuard.PRIORITY)
public class TransactionalLeaseGuard extends TransactionGuarding {

    @Inject
    public TransactionalLeaseGuard(TransactionLeaseVerifier verifier) {
        super(verifier);
    }
}
