package dev.seatlock.domain.payment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The payment records, as the booking domain needs them; implemented in infrastructure. */
public interface Payments {

    Optional<Payment> find(String id);

    /**
     * The payment, its row locked until the transaction ends: waits for a transaction still writing
     * it.
     */
    Optional<Payment> lock(String id);

    void add(Payment payment);

    /** Open payments whose next reconciler attempt is due by {@code now}, the longest due first. */
    List<Payment> due(Instant now, int limit);

    /** How many payments are in each state (states without any are absent). */
    Map<PaymentState, Long> countByState();

    /**
     * How many payments created before {@code cutoff} are still open: a count that a backoff
     * pushing the next attempt forward cannot hide.
     */
    long overdueSince(Instant cutoff);

    /** How many payments the acquirer refused for good ({@link PaymentState#NEEDS_ATTENTION}). */
    long needingAttention();
}
