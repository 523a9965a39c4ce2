package dev.seatlock.domain.payment;

import java.util.Optional;

/**
 * A payment read to be changed: under its row lock until the transaction ends, so that the request,
 * the reconciler on another server and a retry that look at one payment at once are put in order by
 * the database. Not a Jakarta Data repository: Jakarta Data 1.0 has no lock mode on {@code @Find}
 * (nor query hints for the time-out), so it is implemented with hand-written JPA in infrastructure,
 * on the same persistence unit and in the caller's transaction.
 */
public interface PaymentLocks {

    /**
     * The payment, its row locked until the transaction ends: waits for a transaction still writing
     * it, for a bounded time (the implementation's statement time-out).
     */
    Optional<Payment> lock(String id);
}
