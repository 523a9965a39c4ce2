package dev.seatlock.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser checkout in a real (headless) Chromium against the built WAR on Liberty with a real
 * Redis: the whole purchase, two buyers racing for a seat with the seat map updating live, and a
 * declined card; every answer with its security headers, and no CSP violation. Seats: SL303 and
 * SL404, rows 20 to 24, which no other integration test uses.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserCheckoutIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.seatLockWith();
    }

    @ArquillianResource URL base;

    @Test
    void buyerBooksTwoSeatsAndFindsAndCancelsTheBooking() throws Exception {
        try (Browser browser = new Browser()) {
            SeatLockPages pages = new SeatLockPages(browser, base);
            pages.openFlights();
            assertThat(browser.text("h1")).as("welcome page heading").contains("Where to next");
            assertThat(browser.findAll(".flight"))
                    .as("flights listed")
                    .hasSizeGreaterThanOrEqualTo(4);
            browser.screenshots("1-flights");

            browser.open(base + "flights.xhtml?from=CDG");
            assertThat(browser.findAll(".flight")).as("flights from Paris only").hasSize(1);
            pages.pressAndWaitForPage("#flight-SL303 a.button");
            assertThat(browser.text("h1"))
                    .as("seat map of SL303")
                    .contains("Paris")
                    .contains("Barcelona");

            List<String> free = pages.freeSeats(20, 23, "ABC");
            assertThat(free).as("free seats in SL303 rows 20-23").hasSizeGreaterThanOrEqualTo(2);
            pages.toggleSeat(free.get(0));
            pages.toggleSeat(free.get(1));
            assertThat(browser.text("#selection-summary"))
                    .as("selection summary")
                    .contains("2 seats")
                    .contains(free.get(0))
                    .contains("178 EUR");
            browser.screenshots("2-seat-map");
            browser.script(
                    "document.getElementById(arguments[0]).scrollIntoView({block: 'center'});",
                    "seat-" + free.get(0));
            browser.screen("docs-seat-map");

            pages.holdSeats();
            assertThat(pages.onPage("checkout.xhtml")).as("on checkout after holding").isTrue();
            assertThat(browser.driver().getCurrentUrl())
                    .as("the redirect to the protected checkout carries the token")
                    .contains("jakarta.faces.Token=");
            assertThat(openedWithSessionFrom(browser, "https://elsewhere.example/offer"))
                    .as("the checkout address with this session's token, linked from another site")
                    .isEqualTo(403);
            assertThat(openedWithSessionFrom(browser, base.toExternalForm()))
                    .as("the same address, from this site")
                    .isEqualTo(200);
            assertThat(browser.text("#countdown"))
                    .as("countdown")
                    .contains(free.get(0))
                    .containsPattern("(9|10):[0-5][0-9]");
            pages.fillPassengers("Lovelace");
            pages.fillCard("4242 4242 4242 4241");
            browser.screenshots("3-checkout");
            browser.script("window.scrollTo(0, 0);");
            browser.screen("docs-checkout");
            pages.pay();
            assertThat(browser.text("[id='checkout:cardNumber-error']"))
                    .as("Luhn check of a mistyped number")
                    .contains("not valid");
            assertThat(browser.driver().getPageSource())
                    .as("the checkout page re-rendered after the error holds no card number")
                    .doesNotContain("4242 4242 4242 4241")
                    .doesNotContain("4242424242424241")
                    .doesNotContain("value=\"123\"");
            assertThat(browser.find("[id='checkout:cardNumber']").getDomProperty("value"))
                    .as("the card number field after the error")
                    .isEmpty();
            assertThat(browser.find("[id='checkout:cvc']").getDomProperty("value"))
                    .as("the security code field after the error")
                    .isEmpty();
            assertThat(browser.find("[id='checkout:cardNumber']").getAttribute("aria-invalid"))
                    .as("the emptied number field is still marked invalid")
                    .isEqualTo("true");
            assertThat(browser.find("[id='checkout:expiry']").getDomProperty("value"))
                    .as("the expiry date, not a secret, is kept")
                    .isEqualTo("12/30");
            assertThat(
                            List.of("cardNumber", "expiry", "cvc", "holder").stream()
                                    .map(
                                            field ->
                                                    browser.find("[id='checkout:" + field + "']")
                                                            .getAttribute("autocomplete"))
                                    .toList())
                    .as("autocomplete of the card fields")
                    .containsExactly("cc-number", "cc-exp", "cc-csc", "cc-name");
            browser.screenshots("3-checkout-invalid-card");

            pages.fillCard(SeatLockPages.APPROVED_CARD);
            browser.type("[id='checkout:cvc']", "123");
            pages.pay();
            assertThat(pages.onPage("confirmation.xhtml"))
                    .as("on confirmation after paying")
                    .isTrue();
            String reference = browser.text("#booking-reference");
            assertThat(reference).as("booking reference").matches("[A-Z0-9]{6,8}");
            assertThat(browser.text("main"))
                    .as("confirmation details")
                    .contains(free.get(0))
                    .contains(free.get(1))
                    .contains("Ada Lovelace")
                    .contains("Grace Lovelace")
                    .contains("178 EUR")
                    .contains("ending in 4242");
            browser.screenshots("4-confirmation");

            pages.openMyBooking();
            browser.type("[id='lookup:reference']", reference.toLowerCase());
            browser.type("[id='lookup:lastName']", "lovelace");
            pages.pressAndWaitForPage("[id='lookup:find']");
            assertThat(browser.text("#booking-status"))
                    .as("found booking's status")
                    .isEqualTo("Confirmed");
            browser.screenshots("5-my-booking");
            browser.script("document.querySelector('details.danger-zone').open = true;");
            pages.pressAndWaitForPage("[id='manage:cancel-booking']");
            assertThat(pages.messages())
                    .as("cancellation message")
                    .contains(reference + " is cancelled");
            assertThat(browser.text("#booking-status"))
                    .as("status after cancelling")
                    .isEqualTo("Cancelled");
            browser.screenshots("5-my-booking-cancelled");

            pages.openSeatMap("SL303");
            assertThat(pages.seatState(free.get(0)))
                    .as("a cancelled booking's seat is for sale again")
                    .isEqualTo("available");
            assertEveryAnswerSecured(
                    browser,
                    "flights.xhtml",
                    "seat-map.xhtml",
                    "checkout.xhtml",
                    "confirmation.xhtml",
                    "my-booking.xhtml",
                    "seat-map.js",
                    "countdown.js",
                    "faces.js",
                    "seatlock.css");
        }
    }

    @Test
    void secondBuyerIsToldTheSeatWasJustTakenAndSeesItHeldWithoutReload() {
        try (Browser first = new Browser();
                Browser second = new Browser()) {
            SeatLockPages alice = new SeatLockPages(first, base);
            SeatLockPages bob = new SeatLockPages(second, base);
            alice.openSeatMap("SL303");
            String seat = alice.freeSeats(24, 28, "DEF").get(0);
            bob.openSeatMap("SL303");
            second.markDocument();
            bob.toggleSeat(seat);
            alice.toggleSeat(seat);

            alice.holdSeats();
            assertThat(alice.onPage("checkout.xhtml"))
                    .as("the first buyer reaches checkout")
                    .isTrue();

            second.waitUntil(Duration.ofSeconds(3), d -> "held".equals(bob.seatState(seat)));
            assertThat(second.sameDocument()).as("the seat map changed without a reload").isTrue();
            assertThat(bob.seatClasses(seat)).as("seat drawn as held").contains("seat--held");
            assertThat(second.find("#seat-" + seat).isSelected())
                    .as("the taken seat is no longer selected")
                    .isFalse();
            assertThat(second.text("#seat-taken"))
                    .as("live notice")
                    .isEqualTo(seat + " was just taken — choose another seat.");
            second.screenshots("6-seat-map-taken-live");

            // The second buyer pressed Hold on a map that had not caught up yet: the server says
            // no.
            second.script(
                    "const box = document.getElementById('seat-' + arguments[0]); box.disabled = false; box.checked = true;",
                    seat);
            bob.holdSeats();
            assertThat(bob.onPage("seat-map.xhtml"))
                    .as("the second buyer stays on the seat map")
                    .isTrue();
            assertThat(bob.messages())
                    .as("message to the second buyer")
                    .contains(seat + " was just taken — choose another seat");
            assertThat(bob.seatState(seat))
                    .as("seat shown held after the refusal")
                    .isEqualTo("held");
            second.screenshots("6-seat-map-taken-message");

            first.markDocument();
            first.click("[id='checkout:cancel-hold']");
            first.waitForNewPage();
            assertEveryAnswerSecured(first, "seat-map.xhtml", "checkout.xhtml");
            assertEveryAnswerSecured(second, "seat-map.xhtml");
        }
    }

    @Test
    void seatMapFollowsAPartnersHoldAndItsExpiryWithoutReloadOrPoll() {
        // Nothing on this server's page path changes: the partner API takes the seat and Redis
        // lets its lease run out. The map learns of both from the seat change events only (the
        // resynchronising read is every 30 s, far beyond the waits here).
        try (Browser browser = new Browser()) {
            SeatLockPages pages = new SeatLockPages(browser, base);
            pages.openSeatMap("SL303");
            String seat = pages.freeSeats(20, 23, "DEF").get(0);
            browser.markDocument();

            PartnerApi alpha = new PartnerApi(base, PartnerApi.ALPHA_KEY);
            assertThat(alpha.holdFor(Duration.ofSeconds(3), "SL303", seat).status())
                    .as("a partner holds the seat for 3 s")
                    .isEqualTo(201);
            browser.waitUntil(Duration.ofSeconds(5), d -> "held".equals(pages.seatState(seat)));
            assertThat(browser.sameDocument())
                    .as("the partner's hold shows without a reload")
                    .isTrue();

            browser.waitUntil(
                    Duration.ofSeconds(10), d -> "available".equals(pages.seatState(seat)));
            assertThat(browser.sameDocument())
                    .as("the lease running out shows without a reload")
                    .isTrue();
        }
    }

    @Test
    void declinedCardKeepsTheHoldAndAnotherCardPays() {
        try (Browser browser = new Browser()) {
            SeatLockPages pages = new SeatLockPages(browser, base);
            pages.openSeatMap("SL404");
            String seat = pages.freeSeats(20, 24, "ABCDEF").get(0);
            pages.toggleSeat(seat);
            pages.holdSeats();
            pages.fillPassengers("Hopper");
            pages.fillCard(SeatLockPages.DECLINED_CARD);
            pages.pay();
            assertThat(pages.onPage("checkout.xhtml"))
                    .as("still on checkout after a decline")
                    .isTrue();
            assertThat(pages.messages())
                    .as("decline message")
                    .contains("declined")
                    .contains("nothing was charged")
                    .contains("stay held");
            browser.screenshots("7-checkout-declined");

            pages.fillCard(SeatLockPages.APPROVED_CARD);
            pages.pay();
            assertThat(pages.onPage("confirmation.xhtml"))
                    .as("paid with the second card within the same hold")
                    .isTrue();
            String reference = browser.text("#booking-reference");

            pages.openMyBooking();
            browser.type("[id='lookup:reference']", reference);
            browser.type("[id='lookup:lastName']", "Hopper");
            pages.pressAndWaitForPage("[id='lookup:find']");
            browser.script("document.querySelector('details.danger-zone').open = true;");
            pages.pressAndWaitForPage("[id='manage:cancel-booking']");
            assertThat(browser.text("#booking-status"))
                    .as("test booking cancelled again")
                    .isEqualTo("Cancelled");
            assertEveryAnswerSecured(
                    browser,
                    "seat-map.xhtml",
                    "checkout.xhtml",
                    "confirmation.xhtml",
                    "my-booking.xhtml");
        }
    }

    /**
     * Every answer of this application the browser received (pages, redirects, scripts, styles)
     * carried the security headers, and those about the buyer {@code no-store}; the pages named by
     * {@code seen} were among them; and the browser's console reports no Content-Security-Policy
     * violation: the pages work under their policy.
     */
    private void assertEveryAnswerSecured(Browser browser, String... seen) {
        String origin = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/";
        List<Browser.Answer> ours =
                browser.answers().stream().filter(a -> a.url().startsWith(origin)).toList();
        assertThat(ours.stream().map(Browser.Answer::url).toList())
                .as("the answers the browser received")
                .allSatisfy(url -> assertThat(url).startsWith(origin))
                .anySatisfy(url -> assertThat(url).contains(seen[0]));
        for (String page : seen) {
            assertThat(ours).as("an answer for " + page).anyMatch(a -> a.url().contains(page));
        }
        for (Browser.Answer answer : ours) {
            String what = answer.status() + " " + answer.url();
            assertThat(answer.header("Content-Security-Policy"))
                    .as(what + ": Content-Security-Policy")
                    .isNotNull()
                    .contains("script-src 'self' 'nonce-")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("'unsafe-inline'");
            assertThat(answer.header("X-Content-Type-Options"))
                    .as(what + ": X-Content-Type-Options")
                    .isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy"))
                    .as(what + ": Referrer-Policy")
                    .isEqualTo("strict-origin-when-cross-origin");
            if (answer.url().matches(".*/(checkout|confirmation|my-booking)\\.xhtml.*")) {
                assertThat(answer.header("Cache-Control"))
                        .as(what + ": Cache-Control")
                        .contains("no-store");
            }
        }
        assertThat(browser.cspViolations()).as("CSP violations in the console").isEmpty();
    }

    /**
     * Status of a GET of the browser's current address with the browser's session cookie and the
     * given Referer: what a cross-site link to a protected view would send.
     */
    private static int openedWithSessionFrom(Browser browser, String referer) throws Exception {
        String session = browser.driver().manage().getCookieNamed("JSESSIONID").getValue();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(browser.driver().getCurrentUrl()))
                        .timeout(Duration.ofSeconds(30))
                        .header("Cookie", "JSESSIONID=" + session)
                        .header("Referer", referer)
                        .GET()
                        .build();
        // HTTP/1.1, as browsers send plain-HTTP requests (with the client's default h2c upgrade
        // this request timed out against Liberty's error page; API calls with h2c were answered
        // normally).
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
