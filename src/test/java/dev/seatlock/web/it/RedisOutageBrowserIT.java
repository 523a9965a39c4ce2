package dev.seatlock.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.Sleep;
import dev.seatlock.testing.TestRedisSession;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a buyer in the browser sees when Redis is really killed while they choose seats: a clear
 * message that nothing was held or charged, no checkout; and once Redis is back, the same server
 * holds seats again without a restart. Seats: SL404, rows 25 to 28.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedisOutageBrowserIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.seatLockWith();
    }

    @ArquillianResource URL base;

    @Test
    void withRedisDownTheBuyerIsToldNothingWasChargedAndCanHoldOnceItIsBack() {
        RedisServer redis = TestRedisSession.crashable().orElse(null);
        assumeTrue(redis != null, "the test Redis is not ours to kill (REDIS_URL is set)");
        try (Browser browser = new Browser()) {
            SeatLockPages pages = new SeatLockPages(browser, base);
            pages.openSeatMap("SL404");
            String seat = pages.freeSeats(25, 28, "ABCDEF").get(0);
            pages.toggleSeat(seat);

            redis.kill();
            try {
                pages.holdSeats();
                assertThat(pages.onPage("checkout.xhtml"))
                        .as("no checkout without a lock")
                        .isFalse();
                assertThat(browser.text("main"))
                        .as("message to the buyer")
                        .contains("temporarily unavailable")
                        .contains("nothing was held or charged");
                browser.screenshots("9-seat-map-redis-down");
            } finally {
                redis.start();
            }

            Sleep.quietly(
                    Duration.ofMillis(
                            1_500)); // dead pooled connections are evicted within a second
            pages.openSeatMap("SL404");
            pages.toggleSeat(seat);
            pages.holdSeats();
            assertThat(pages.onPage("checkout.xhtml"))
                    .as("holds again once Redis is back, without a restart")
                    .isTrue();

            // The seat change subscription came back with Redis: an open map follows a
            // partner's hold without a reload, long before its 30 s resync.
            try (Browser watcher = new Browser()) {
                SeatLockPages other = new SeatLockPages(watcher, base);
                other.openSeatMap("SL404");
                String next = other.freeSeats(25, 28, "ABCDEF").get(0);
                watcher.markDocument();
                assertThat(
                                new PartnerApi(base, PartnerApi.ALPHA_KEY)
                                        .holdFor(Duration.ofSeconds(30), "SL404", next)
                                        .status())
                        .as("a partner holds " + next)
                        .isEqualTo(201);
                watcher.waitUntil(Duration.ofSeconds(5), d -> "held".equals(other.seatState(next)));
                assertThat(watcher.sameDocument())
                        .as("the hold shows on the open map without a reload")
                        .isTrue();
            }
        }
    }
}
