package dev.seatlock.limits.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.hold.HeldSeatLimitException;
import dev.seatlock.domain.hold.SeatAllowance;
import dev.seatlock.limits.RateLimit;
import dev.seatlock.limits.Strikes;
import dev.seatlock.lock.redis.RedisSettings;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The abuse limits' Lua scripts on a real Redis: exact counts, lapse on Redis' clock, expiries. */
class RedisLimitsTest {

    private static RedisServer redis;
    private static UnifiedJedis client;
    private String prefix;
    private RedisLimits limits;

    @BeforeAll
    static void startRedis() {
        redis = RedisServers.start();
        client = RedisSettings.fromUrl(redis.url()).createClient();
    }

    @AfterAll
    static void stopRedis() {
        client.close();
        redis.close();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "test:" + UUID.randomUUID() + ":";
        limits = new RedisLimits(client, prefix, "test Redis");
    }

    private static SeatAllowance cap(String subject, int max) {
        return new SeatAllowance(subject, Optional.empty(), max, "cap." + subject, subject);
    }

    @Test
    void anOwnerCanHoldUpToItsCapAndNotOneSeatMore() {
        List<SeatAllowance> caps = List.of(cap("partner:a", 5));
        limits.reserve("h1", 3, caps, Duration.ofMinutes(1));
        limits.reserve("h2", 2, caps, Duration.ofMinutes(1));

        assertThatThrownBy(() -> limits.reserve("h3", 1, caps, Duration.ofMinutes(1)))
                .as("a sixth seat")
                .isInstanceOf(HeldSeatLimitException.class)
                .satisfies(
                        e ->
                                assertThat(((HeldSeatLimitException) e).retryAfter())
                                        .as("until the first reservation lapses")
                                        .isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1)));

        limits.giveBack("h1");
        limits.reserve("h3", 3, caps, Duration.ofMinutes(1));
    }

    @Test
    void aRefusalByOneSubjectReservesNothingWithTheOthers() {
        SeatAllowance session = cap("web:s", 9);
        SeatAllowance address = cap("addr:1.2.3.4", 4);
        limits.reserve("h1", 3, List.of(cap("web:other", 9), address), Duration.ofMinutes(1));

        assertThatThrownBy(
                        () ->
                                limits.reserve(
                                        "h2", 2, List.of(session, address), Duration.ofMinutes(1)))
                .isInstanceOf(HeldSeatLimitException.class)
                .hasMessageContaining("addr:1.2.3.4");

        assertThat(client.zcard(prefix + "limit:seats:{web:s}"))
                .as("the session's reservation was undone")
                .isZero();
        assertThat(client.exists(prefix + "limit:hold:{h2}")).as("no record left").isFalse();
    }

    @Test
    void perFlightAndTotalCapsOfOnePartnerAreCheckedTogether() {
        SeatAllowance onFlight =
                new SeatAllowance("partner:p", Optional.of(new FlightId("SL101")), 2, "f", "f");
        SeatAllowance onAll = cap("partner:p", 3);
        limits.reserve("h1", 2, List.of(onFlight, onAll), Duration.ofMinutes(1));
        assertThatThrownBy(
                        () ->
                                limits.reserve(
                                        "h2", 1, List.of(onFlight, onAll), Duration.ofMinutes(1)))
                .as("third seat on SL101")
                .isInstanceOf(HeldSeatLimitException.class);
        SeatAllowance otherFlight =
                new SeatAllowance("partner:p", Optional.of(new FlightId("SL202")), 2, "f", "f");
        limits.reserve("h3", 1, List.of(otherFlight, onAll), Duration.ofMinutes(1));
        assertThatThrownBy(
                        () ->
                                limits.reserve(
                                        "h4",
                                        1,
                                        List.of(otherFlight, onAll),
                                        Duration.ofMinutes(1)))
                .as("fourth seat in all")
                .isInstanceOf(HeldSeatLimitException.class);
    }

    @Test
    void anExpiredReservationStopsCountingWithoutAnybodysHelp() throws Exception {
        List<SeatAllowance> caps = List.of(cap("partner:x", 3));
        // A longer hold keeps the key alive: only the trim on Redis' clock can drop the short one.
        limits.reserve("long", 1, caps, Duration.ofMinutes(1));
        limits.reserve("short", 2, caps, Duration.ofMillis(300));
        assertThatThrownBy(() -> limits.reserve("h2", 1, caps, Duration.ofMinutes(1)))
                .isInstanceOf(HeldSeatLimitException.class);
        Thread.sleep(400);
        limits.reserve("h2", 2, caps, Duration.ofMinutes(1));
    }

    @Test
    void manyThreadsRacingNeverPushAnOwnerPastItsCap() throws Exception {
        List<SeatAllowance> caps = List.of(cap("partner:race", 7), cap("addr:race", 100));
        int racers = 40;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String holdId = "race" + i;
                results.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    try {
                                        limits.reserve(holdId, 1, caps, Duration.ofMinutes(1));
                                        return true;
                                    } catch (HeldSeatLimitException e) {
                                        return false;
                                    }
                                }));
            }
            go.countDown();
            long reserved = 0;
            for (Future<Boolean> result : results) {
                reserved += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(reserved).as("reservations granted").isEqualTo(7);
            assertThat(client.zcard(prefix + "limit:seats:{partner:race}")).isEqualTo(7);
            assertThat(client.zcard(prefix + "limit:seats:{addr:race}"))
                    .as("refused ones undone at the address")
                    .isEqualTo(7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyKeyTheLimitsWriteExpires() {
        limits.reserve(
                "h1", 2, List.of(cap("partner:t", 5), cap("web:t", 5)), Duration.ofMinutes(1));
        limits.tryTake(new RateLimit("seatlock.limits.api.partner", 5, Duration.ofSeconds(1)), "t");
        limits.add("hold:h1", Duration.ofHours(1));
        List<String> keys = new ArrayList<>(client.keys(prefix + "*"));
        assertThat(keys).as("keys written").hasSize(5);
        for (String key : keys) {
            assertThat(client.pttl(key)).as("TTL of " + key).isPositive();
        }
    }

    @Test
    void aTokenBucketLetsABurstThroughThenOneRequestPerRefill() throws Exception {
        RateLimit limit = new RateLimit("seatlock.limits.test", 3, Duration.ofMillis(200));
        for (int i = 0; i < 3; i++) {
            assertThat(limits.tryTake(limit, "b")).as("request " + i + " of the burst").isEmpty();
        }
        Optional<Duration> refused = limits.tryTake(limit, "b");
        assertThat(refused).as("fourth at once").isPresent();
        assertThat(refused.get()).isBetween(Duration.ofMillis(1), Duration.ofMillis(200));
        assertThat(limits.tryTake(limit, "other")).as("another subject's bucket").isEmpty();
        Thread.sleep(250);
        assertThat(limits.tryTake(limit, "b")).as("after one refill").isEmpty();
        assertThat(limits.tryTake(limit, "b")).as("and only one").isPresent();
    }

    @Test
    void strikesAddUpAndAreForgottenAfterTheirWindow() throws Exception {
        assertThat(limits.count("s").strikes()).isZero();
        limits.add("s", Duration.ofMillis(300));
        Strikes.Count two = limits.add("s", Duration.ofMillis(300));
        assertThat(two.strikes()).isEqualTo(2);
        assertThat(two.forgottenIn()).isBetween(Duration.ofMillis(1), Duration.ofMillis(300));
        Thread.sleep(400);
        assertThat(limits.count("s").strikes()).as("forgotten").isZero();
    }
}
