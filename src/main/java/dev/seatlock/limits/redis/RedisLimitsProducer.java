package dev.seatlock.limits.redis;

import dev.seatlock.domain.hold.HeldSeats;
import dev.seatlock.limits.RateLimiter;
import dev.seatlock.limits.Strikes;
import dev.seatlock.lock.redis.RedisLockServiceProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Makes the one {@link RedisLimits} of the application, on the lock's Redis connection ({@link
 * RedisLockServiceProducer#limitsConnection()}), and offers it as each of its interfaces.
 */
@ApplicationScoped
public class RedisLimitsProducer {

    private final RedisLockServiceProducer redis;
    private volatile RedisLimits limits;

    @Inject
    public RedisLimitsProducer(RedisLockServiceProducer redis) {
        this.redis = redis;
    }

    /** For CDI's client proxy only. */
    protected RedisLimitsProducer() {
        this.redis = null;
    }

    @Produces
    @ApplicationScoped
    HeldSeats heldSeats() {
        return limits();
    }

    @Produces
    @ApplicationScoped
    RateLimiter rateLimiter() {
        return limits();
    }

    @Produces
    @ApplicationScoped
    Strikes strikes() {
        return limits();
    }

    private synchronized RedisLimits limits() {
        if (limits == null) {
            RedisLockServiceProducer.LimitsConnection connection = redis.limitsConnection();
            limits =
                    new RedisLimits(
                            connection.client(), connection.keyPrefix(), connection.description());
        }
        return limits;
    }
}
