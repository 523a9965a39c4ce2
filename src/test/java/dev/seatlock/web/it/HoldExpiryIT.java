package dev.seatlock.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.Sleep;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A hold running out on the checkout page. This deployment of its own ({@code seatlock-short-hold})
 * holds seats for 8 seconds: a config source of higher ordinal in WEB-INF/lib overrides {@code
 * seatlock.hold.ttl} for this application only, so other tests on the same server keep the 10
 * minute default. Seats: SL404 rows 25 to 28.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HoldExpiryIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        JavaArchive shortHold =
                ShrinkWrap.create(JavaArchive.class, "short-hold-config.jar")
                        .addAsManifestResource(
                                new StringAsset("config_ordinal=500\nseatlock.hold.ttl=PT8S\n"),
                                "microprofile-config.properties");
        return ShrinkWrap.create(WebArchive.class, "seatlock-short-hold.war")
                .merge(Deployments.seatLockWith())
                .addAsLibrary(shortHold);
    }

    @ArquillianResource URL base;

    @Test
    void checkoutSaysTheHoldExpiredAndTheSeatIsForSaleAgain() {
        try (Browser browser = new Browser()) {
            SeatLockPages pages = new SeatLockPages(browser, base);
            pages.openSeatMap("SL404");
            String seat = pages.freeSeats(25, 28, "ABCDEF").get(0);
            pages.toggleSeat(seat);
            pages.holdSeats();
            assertThat(browser.text("#countdown-time"))
                    .as("countdown starts at the short TTL")
                    .matches("0:0[5-8]");

            Sleep.quietly(Duration.ofSeconds(3));
            browser.driver().navigate().refresh();
            browser.waitUntil(
                    Duration.ofSeconds(5), d -> !browser.findAll("#countdown-time").isEmpty());
            assertThat(browser.text("#countdown-time"))
                    .as("countdown after a reload comes from expiresAt")
                    .matches("0:0[0-5]");
            pages.fillPassengers("Curie");

            browser.waitUntil(
                    Duration.ofSeconds(15), d -> browser.find("#hold-expired").isDisplayed());
            assertThat(browser.text("#hold-expired"))
                    .as("expiry notice")
                    .contains("Your hold has expired");
            assertThat(browser.find("#checkout-active").isDisplayed())
                    .as("payment form hidden")
                    .isFalse();
            browser.screenshots("8-checkout-expired");

            pages.pressAndWaitForPage("[id='again:choose-again']");
            assertThat(pages.onPage("seat-map.xhtml")).as("offered the seat map again").isTrue();
            browser.waitUntil(
                    Duration.ofSeconds(3), d -> "available".equals(pages.seatState(seat)));

            // Checkout is a protected view: typed into the address bar, without this session's
            // token, it is refused.
            pages.openCheckout();
            assertThat(browser.text("h1"))
                    .as("checkout opened by its address")
                    .isEqualTo("Start from the seat map");
            browser.screenshots("9-checkout-by-address");
        }
    }
}
