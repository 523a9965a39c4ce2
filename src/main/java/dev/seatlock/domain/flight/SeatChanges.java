package dev.seatlock.domain.flight;

/**
 * Tells every server that seats of a flight changed. Best effort: an announcement that does not
 * reach a server is caught up by that server's next resynchronising read of the flight, so a
 * failure here never fails the change itself.
 *
 * <p>Inside a transaction the announcement waits for the commit (a listener that reads the flight
 * at once must see the change) and is dropped on a rollback.
 */
public interface SeatChanges {

    void announce(SeatChange change);
}
