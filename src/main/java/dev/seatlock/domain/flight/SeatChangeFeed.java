package dev.seatlock.domain.flight;

import java.util.function.Consumer;

/**
 * The seat changes every server announces ({@link SeatChanges}), and the leases that simply ran
 * out, as they happen. For the live seat maps: whoever listens reads the flight again on an event.
 */
public interface SeatChangeFeed {

    /**
     * Starts delivering: {@code onChange} for every change of any flight, {@code onResync} whenever
     * the feed (re)connected and may have missed changes, so that the listener reads everything it
     * shows again. Both are called on the feed's own thread and must return quickly.
     */
    void listen(Consumer<SeatChange> onChange, Runnable onResync);

    /** Whether the feed is connected now; when not, changes are seen only at the next resync. */
    boolean connected();
}
