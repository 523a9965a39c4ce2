package dev.seatlock.lock.cdi;

import dev.seatlock.lock.SeatLocked;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * The inner half of {@code @SeatLocked}: runs <em>inside</em> {@code @Transactional} (priority
 * {@code PLATFORM_BEFORE + 300} against its 200), where the method's transaction already exists,
 * and guards that transaction with the lease that {@link SeatLockedInterceptor} took outside it. A
 * transaction the caller already had is guarded the same way.
 */
@SeatLocked
@Interceptor
@Priority(LeaseTransactionGuard.PRIORITY)
public class LeaseTransactionGuard extends TransactionGuarding {

    /** Inside {@code @Transactional} ({@code PLATFORM_BEFORE + 200}). */
    public static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE + 300;

    @Inject
    public LeaseTransactionGuard(TransactionLeaseVerifier verifier) {
        super(verifier);
    }
}
