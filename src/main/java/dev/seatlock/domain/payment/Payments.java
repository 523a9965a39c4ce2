package dev.seatlock.domain.payment;

import dev.seatlock.domain.DataStores;
import jakarta.data.Limit;
import jakarta.data.repository.By;
import jakarta.data.repository.DataRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Insert;
import jakarta.data.repository.Query;
import jakarta.data.repository.Repository;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payment records, as the booking domain needs them. A Jakarta Data repository on the
 * application's persistence unit ({@link DataStores#SEATLOCK}). Reading a payment to change it
 * takes its row lock, which Jakarta Data 1.0 cannot ask for: that is {@link PaymentLocks}.
 */
@Repository(dataStore = DataStores.SEATLOCK)
public interface Payments extends DataRepository<Payment, String> {

    @Find
    Optional<Payment> find(@By(By.ID) String id);

    @Insert
    void add(Payment payment);

    @Query(
            "SELECT p FROM Payment p WHERE p.state IN :open AND p.nextAttemptAt <= :now"
                    + " ORDER BY p.nextAttemptAt")
    List<Payment> dueIn(List<PaymentState> open, Instant now, Limit limit);

    /** Open payments whose next reconciler attempt is due by {@code now}, the longest due first. */
    default List<Payment> due(Instant now, int limit) {
        return dueIn(openStates(), now, Limit.of(limit));
    }

    @Query(
            "SELECT NEW dev.seatlock.domain.payment.StateCount(p.state, COUNT(p))"
                    + " FROM Payment p GROUP BY p.state")
    List<StateCount> stateCounts();

    /** How many payments are in each state (states without any are absent). */
    default Map<PaymentState, Long> countByState() {
        Map<PaymentState, Long> counts = new EnumMap<>(PaymentState.class);
        stateCounts().forEach(row -> counts.put(row.state(), row.count()));
        return counts;
    }

    @Query("SELECT COUNT(p) FROM Payment p WHERE p.state IN :open AND p.createdAt < :cutoff")
    long countOpenCreatedBefore(List<PaymentState> open, Instant cutoff);

    /**
     * How many payments created before {@code cutoff} are still open: a count that a backoff
     * pushing the next attempt forward cannot hide.
     */
    default long overdueSince(Instant cutoff) {
        return countOpenCreatedBefore(openStates(), cutoff);
    }

    @Query("SELECT COUNT(p) FROM Payment p WHERE p.state = :state")
    long countInState(PaymentState state);

    /** How many payments the acquirer refused for good ({@link PaymentState#NEEDS_ATTENTION}). */
    default long needingAttention() {
        return countInState(PaymentState.NEEDS_ATTENTION);
    }

    private static List<PaymentState> openStates() {
        return Arrays.stream(PaymentState.values()).filter(PaymentState::isOpen).toList();
    }
}
