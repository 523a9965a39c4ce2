package dev.seatlock.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.TestLimits;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Cookie;

/**
 * The abuse limits on the pages (README "Abuse limits"), on a deployment of their own with tight
 * limits ({@link TestLimits#TIGHT}: 5 seats held per client address, 3 My booking look-ups per
 * address and 2 per session, 3 declined cards per session). The browser tests run in headless
 * Chromium from 127.0.0.1, which only they use on this deployment; the My booking tests post the
 * Faces form over plain HTTP, each look-up from an address of its own ({@code X-Forwarded-For}).
 * Seats: SL404 rows 29 and 30, which no other test uses.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AbuseLimitsPagesIT {

    private static final Pattern VIEW_STATE_INPUT =
            Pattern.compile("<input[^>]*jakarta\\.faces\\.ViewState[^>]*>");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestLimits.tightDeployment("seatlock-abuse-pages.war");
    }

    @ArquillianResource URL base;

    @Test
    void aBrowserPastTheSeatsHeldFromItsConnectionIsToldWhyAndWhenToTryAgain() {
        try (Browser browser = new Browser()) {
            SeatLockPages pages = new SeatLockPages(browser, base);
            pages.openSeatMap("SL404");
            List<String> free = pages.freeSeats(29, 30, "ABCDEF");
            assertThat(free).as("free seats in SL404 rows 29-30").hasSizeGreaterThanOrEqualTo(8);
            holdInThisBrowser(pages, free.subList(0, 3));
            assertThat(pages.onPage("checkout.xhtml")).as("first three seats held").isTrue();
            Set<Cookie> firstSession = browser.driver().manage().getCookies();

            // A second session from the same connection: its 3 seats would make 6 of 5.
            browser.driver().manage().deleteAllCookies();
            pages.openSeatMap("SL404");
            holdInThisBrowser(pages, free.subList(3, 6));
            assertThat(pages.onPage("seat-map.xhtml")).as("still choosing seats").isTrue();
            assertThat(pages.messages())
                    .as("the page says why and when")
                    .contains("You can hold at most 5 seats at once from your internet connection")
                    .contains("try again in");
            browser.screenshots("abuse-1-held-seat-limit");
            for (String seat : free.subList(3, 6)) {
                assertThat(pages.seatState(seat))
                        .as("refused seat " + seat + " not held")
                        .isEqualTo("available");
            }

            // Within the limit: two seats more are 5 in all.
            pages.openSeatMap("SL404");
            holdInThisBrowser(pages, free.subList(3, 5));
            assertThat(pages.onPage("checkout.xhtml")).as("two more seats held").isTrue();
            pages.pressAndWaitForPage("[id='checkout:cancel-hold']");

            browser.driver().manage().deleteAllCookies();
            pages.openFlights();
            firstSession.forEach(cookie -> browser.driver().manage().addCookie(cookie));
            pages.openSeatMap("SL404");
            browser.open(base + "checkout.xhtml");
            if (!browser.findAll("[id='checkout:cancel-hold']").isEmpty()) {
                pages.pressAndWaitForPage("[id='checkout:cancel-hold']");
            }
        }
    }

    @Test
    void threeDeclinedCardsInOneBrowserReleaseItsSeatsAndPausePayments() {
        try (Browser browser = new Browser()) {
            SeatLockPages pages = new SeatLockPages(browser, base);
            pages.openSeatMap("SL404");
            List<String> free = pages.freeSeats(29, 30, "ABCDEF");
            holdInThisBrowser(pages, List.of(free.get(0)));
            pages.fillPassengers("Noether");
            for (int decline = 1; decline <= 2; decline++) {
                pages.fillCard(SeatLockPages.DECLINED_CARD);
                pages.pay();
                assertThat(pages.messages())
                        .as("decline " + decline)
                        .contains("declined")
                        .contains("stay held")
                        .doesNotContain("0002");
            }
            // A new hold in the same browser: its first decline is the session's third.
            pages.openSeatMap("SL404");
            String second = pages.freeSeats(29, 30, "ABCDEF").get(0);
            holdInThisBrowser(pages, List.of(second));
            pages.fillPassengers("Noether");
            pages.fillCard(SeatLockPages.DECLINED_CARD);
            pages.pay();
            assertThat(pages.messages())
                    .as("third decline in this browser")
                    .contains("Too many cards were declined in this browser")
                    .contains("seats were released")
                    .contains("try again in");
            browser.screenshots("abuse-2-declines");
            pages.openSeatMap("SL404");
            assertThat(pages.seatState(second))
                    .as("its seat is for sale again")
                    .isEqualTo("available");
        }
    }

    @Test
    void myBookingLookUpsFromOneAddressAreThrottledAndAWithinLimitsBuyerFindsTheirBooking() {
        String address = TestLimits.freshAddress();
        String reference = bookOneSeat("30F");

        Page found = new FacesClient(address).lookUp(reference, "Passenger30F");
        assertThat(found.status()).as("first look-up").isEqualTo(200);
        assertThat(found.body()).as("the booking is shown").contains("Booking " + reference);

        for (int i = 2; i <= 3; i++) {
            Page notFound = new FacesClient(address).lookUp("ZZZZZZZZ", "Nobody");
            assertThat(notFound.status()).as("look-up " + i).isEqualTo(200);
            assertThat(notFound.body()).contains("We could not find a booking");
        }
        Page fourth = new FacesClient(address).lookUp(reference, "Passenger30F");
        assertThat(fourth.status())
                .as("fourth look-up from one address, new session")
                .isEqualTo(429);
        assertThat(fourth.retryAfter()).as("Retry-After").isPositive();
        assertThat(fourth.body())
                .contains("Too many booking look-ups")
                .doesNotContain("Booking " + reference);
    }

    @Test
    void myBookingLookUpsFromOneSessionAreThrottledWhateverTheAddress() {
        FacesClient session = new FacesClient(TestLimits.freshAddress());
        assertThat(session.lookUp("ZZZZZZZZ", "Nobody").status()).isEqualTo(200);
        session.address = TestLimits.freshAddress();
        assertThat(session.lookUp("ZZZZZZZZ", "Nobody").status()).isEqualTo(200);
        session.address = TestLimits.freshAddress();
        Page third = session.lookUp("ZZZZZZZZ", "Nobody");
        assertThat(third.status()).as("third look-up of one session").isEqualTo(429);
        assertThat(third.body()).contains("Too many booking look-ups");
    }

    private static void holdInThisBrowser(SeatLockPages pages, List<String> seats) {
        seats.forEach(pages::toggleSeat);
        pages.holdSeats();
    }

    /** Books one seat of SL404 through the API; the passenger's last name is Passenger+seat. */
    private String bookOneSeat(String seat) {
        PartnerApi api =
                new PartnerApi(base, TestLimits.DECLINE_KEY).from(TestLimits.freshAddress());
        Reply hold = api.hold("SL404", seat);
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        Reply booked = api.confirm(hold.json().getString("holdId"), PartnerApi.APPROVED_CARD, seat);
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        return booked.json().getString("reference");
    }

    record Page(int status, String body, long retryAfter) {}

    /** One browser session on my-booking.xhtml over plain HTTP, from a given client address. */
    private final class FacesClient {
        private final HttpClient http =
                HttpClient.newBuilder()
                        // As PartnerApi: HTTP/1.1 (an h2c upgrade answered the page cut short).
                        .version(HttpClient.Version.HTTP_1_1)
                        .cookieHandler(new CookieManager())
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        String address;

        FacesClient(String address) {
            this.address = address;
        }

        Page lookUp(String reference, String lastName) {
            URI page =
                    URI.create(base.toExternalForm().replaceAll("/?$", "/") + "my-booking.xhtml");
            HttpResponse<String> form = send(HttpRequest.newBuilder(page).GET());
            Matcher input = VIEW_STATE_INPUT.matcher(form.body());
            int formAt = Math.max(0, form.body().indexOf("id=\"lookup\""));
            assertThat(input.find())
                    .as(
                            "the form's view state ("
                                    + form.statusCode()
                                    + "): "
                                    + form.body()
                                            .substring(
                                                    formAt,
                                                    Math.min(form.body().length(), formAt + 4000)))
                    .isTrue();
            Matcher viewState = VALUE.matcher(input.group());
            assertThat(viewState.find()).as("value of " + input.group()).isTrue();
            String body =
                    "lookup_SUBMIT=1&lookup%3Areference="
                            + encode(reference)
                            + "&lookup%3AlastName="
                            + encode(lastName)
                            + "&lookup%3Afind=Find+booking&jakarta.faces.ViewState="
                            + encode(viewState.group(1).replace("&#58;", ":"));
            HttpResponse<String> answer =
                    send(
                            HttpRequest.newBuilder(page)
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            return new Page(
                    answer.statusCode(),
                    answer.body(),
                    answer.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return http.send(
                        request.header("X-Forwarded-For", address)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
