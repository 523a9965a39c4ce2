package dev.seatlock.web.it;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;

/**
 * The buyer's moves on the SeatLock pages, in words the tests read as a story. Seats are chosen
 * among the free ones of a range of rows and letters, so that tests never need a fresh database and
 * never touch the seats other integration tests use.
 */
public final class SeatLockPages {

    public static final String APPROVED_CARD = "4242 4242 4242 4242";
    public static final String DECLINED_CARD = "4000 0000 0000 0002";

    private final Browser browser;
    private final String base;

    public SeatLockPages(Browser browser, URL base) {
        this.browser = browser;
        String url = base.toExternalForm();
        this.base = url.endsWith("/") ? url : url + "/";
    }

    public void openFlights() {
        browser.open(base);
    }

    public void openSeatMap(String flight) {
        browser.open(base + "seat-map.xhtml?flight=" + flight);
        browser.waitUntil(
                Duration.ofSeconds(10),
                d -> !d.findElements(By.cssSelector("[data-seat-map]")).isEmpty());
    }

    public void openCheckout() {
        browser.open(base + "checkout.xhtml");
    }

    public void openMyBooking() {
        browser.open(base + "my-booking.xhtml");
    }

    /** Free seats of the open seat map in rows first..last with one of the letters. */
    @SuppressWarnings("unchecked")
    public List<String> freeSeats(int first, int last, String letters) {
        return (List<String>)
                browser.script(
                        """
                return Array.from(document.querySelectorAll('input.seat__input[data-state=available]'))
                    .map(input => input.value)
                    .filter(code => { const row = parseInt(code, 10);
                        return row >= arguments[0] && row <= arguments[1] && arguments[2].includes(code.slice(-1)); });
                """,
                        first,
                        last,
                        letters);
    }

    public void toggleSeat(String seat) {
        browser.script(
                "arguments[0].scrollIntoView({block: 'center'});", browser.find("#seat-" + seat));
        browser.driver().findElement(By.xpath("//input[@id='seat-" + seat + "']/..")).click();
    }

    public String seatState(String seat) {
        return browser.find("#seat-" + seat).getAttribute("data-state");
    }

    public String seatClasses(String seat) {
        return browser.driver()
                .findElement(By.xpath("//input[@id='seat-" + seat + "']/.."))
                .getAttribute("class");
    }

    public void pressAndWaitForPage(String css) {
        browser.markDocument();
        browser.click(css);
        browser.waitForNewPage();
    }

    public void holdSeats() {
        pressAndWaitForPage("[id='seats:hold']");
    }

    public String messages() {
        return browser.find(".alerts-region").getText();
    }

    public void fillPassengers(String lastName) {
        List<org.openqa.selenium.WebElement> firsts = browser.findAll("input[id$=':first']");
        List<org.openqa.selenium.WebElement> lasts = browser.findAll("input[id$=':last']");
        for (int i = 0; i < firsts.size(); i++) {
            firsts.get(i).clear();
            firsts.get(i).sendKeys(i == 0 ? "Ada" : "Grace");
            lasts.get(i).clear();
            lasts.get(i).sendKeys(lastName);
        }
    }

    public void fillCard(String number) {
        browser.type("[id='checkout:cardNumber']", number);
        browser.type("[id='checkout:expiry']", "12/30");
        browser.type("[id='checkout:cvc']", "123");
        browser.type("[id='checkout:holder']", "Ada Lovelace");
    }

    public void pay() {
        pressAndWaitForPage("[id='checkout:pay']");
    }

    public boolean onPage(String file) {
        return browser.driver().getCurrentUrl().contains(file);
    }
}
