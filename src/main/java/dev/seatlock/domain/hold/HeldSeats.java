package dev.seatlock.domain.hold;

import java.time.Duration;
import java.util.List;

/**
 * Counts the seats each owner holds at once, exactly, across every server (README "Abuse limits"):
 * a hold's seats are reserved against its allowances <em>before</em> the seats are locked, and
 * given back when the hold is released, refused or confirmed, or when its lease would have ended,
 * without anyone's help. Implemented in Redis ({@code dev.seatlock.limits.redis.RedisLimits}).
 */
public interface HeldSeats {

    /**
     * Reserves {@code seats} seats for the hold against every allowance, all or none.
     *
     * @param lapseAfter how long the reservation counts unless given back: at least the longest the
     *     hold's lease can live, so that it lapses with the lease if this server dies
     * @throws HeldSeatLimitException when an allowance would be exceeded; nothing is reserved then
     * @throws dev.seatlock.lock.LockStoreUnavailableException when Redis does not answer
     */
    void reserve(String holdId, int seats, List<SeatAllowance> allowances, Duration lapseAfter);

    /**
     * Gives back whatever the hold reserved; nothing when it reserved nothing or gave it back
     * already. Never throws: a reservation not given back lapses by itself.
     */
    void giveBack(String holdId);
}
