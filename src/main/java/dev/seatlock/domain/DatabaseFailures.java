package dev.seatlock.domain;

/**
 * What a failed database call means, as the domain needs to tell it: a database that does not
 * answer ("try again later", the hold stands) from one that refused the write because a constraint
 * holds ("the seat is taken", the hold is over), and both from a write that failed for a passing
 * reason. Declared here, implemented in infrastructure, so that the domain reasons about outcomes
 * and not about SQLStates or which layer (JPA, Jakarta Data, JTA) wrapped the driver's exception.
 */
public interface DatabaseFailures {

    /**
     * Whether {@code failure} was caused by a lost or refused database connection, wherever in its
     * causes that is.
     */
    boolean isOutage(Throwable failure);

    /**
     * Whether {@code failure} was caused by a violated unique constraint (e.g.
     * ONE_ACTIVE_BOOKING_PER_SEAT), wherever in its causes that is.
     */
    boolean isUniqueViolation(Throwable failure);
}
