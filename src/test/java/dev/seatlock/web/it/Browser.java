package dev.seatlock.web.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven by Selenium, with the flags of STACK-NOTES, a fresh profile,
 * and the chores the browser tests share: waiting, screenshots at desktop and phone width. Public,
 * with {@link SeatLockPages}, for the browsers {@code ManyServersIT} sends through the load
 * balancer.
 */
public final class Browser implements AutoCloseable {

    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(390, 844);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;
    private final List<Answer> answers = new java.util.ArrayList<>();
    private final List<String> console = new java.util.ArrayList<>();

    public Browser() {
        requireChromium();
        try {
            profile = Files.createTempDirectory("seatlock-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=1280,900",
                "--lang=en-GB");
        // The console (CSP violations are reported there) and the network events (response
        // headers).
        options.setCapability(
                "goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build();
        driver = new ChromeDriver(service, options);
        resizeViewport(DESKTOP);
    }

    /**
     * Skips the browser tests, saying why, on a machine without Debian's Chromium; on CI (where
     * {@code .ci/run} installs it) a missing browser is a failure instead.
     */
    private static void requireChromium() {
        boolean present =
                Files.isExecutable(Path.of("/usr/bin/chromium"))
                        && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (System.getenv("CI") != null && !present) {
            throw new IllegalStateException(
                    "CI needs /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                present,
                "Browser tests skipped: install Debian's chromium and chromium-driver (.ci/run does)");
    }

    /** One HTTP answer the browser received: its address, status and headers (names lower case). */
    public record Answer(String url, int status, Map<String, String> headers) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Every HTTP answer the browser has received so far, redirects included, in order. */
    public List<Answer> answers() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonObject message =
                    Json.createReader(new StringReader(entry.getMessage()))
                            .readObject()
                            .getJsonObject("message");
            String method = message.getString("method", "");
            JsonObject params = message.getJsonObject("params");
            JsonObject response =
                    switch (method) {
                        case "Network.responseReceived" -> params.getJsonObject("response");
                        case "Network.requestWillBeSent" ->
                                params.containsKey("redirectResponse")
                                        ? params.getJsonObject("redirectResponse")
                                        : null;
                        default -> null;
                    };
            if (response != null) {
                Map<String, String> headers = new java.util.HashMap<>();
                response.getJsonObject("headers")
                        .forEach(
                                (name, value) ->
                                        headers.put(
                                                name.toLowerCase(java.util.Locale.ROOT),
                                                ((JsonString) value).getString()));
                answers.add(
                        new Answer(
                                response.getString("url"),
                                response.getJsonNumber("status").intValue(),
                                Map.copyOf(headers)));
            }
        }
        return List.copyOf(answers);
    }

    /**
     * The console messages so far that report a Content-Security-Policy violation (a script, style
     * or connection the page's policy blocked).
     */
    public List<String> cspViolations() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            console.add(entry.getLevel() + " " + entry.getMessage());
        }
        return console.stream()
                .filter(line -> line.contains("Content Security Policy") || line.contains("CSP"))
                .toList();
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    public void click(String css) {
        WebElement element = find(css);
        script("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
    }

    /**
     * Waits for the next page after a click: the old document's marker is gone and the new one is
     * loaded.
     */
    public void markDocument() {
        script("window.__seatlockDocument = true;");
    }

    public boolean sameDocument() {
        return Boolean.TRUE.equals(script("return window.__seatlockDocument === true;"));
    }

    public void waitForNewPage() {
        waitUntil(
                Duration.ofSeconds(20),
                d ->
                        !sameDocument()
                                && "complete"
                                        .equals(
                                                ((JavascriptExecutor) d)
                                                        .executeScript(
                                                                "return document.readyState")));
    }

    public String text(String css) {
        return find(css).getText();
    }

    /**
     * Saves target/screenshots/{name}-desktop.png (the whole page at 1280 px) and {name}-phone.png
     * (what a 390x844 phone screen shows, with the bars fixed to its bottom), then restores the
     * desktop size.
     */
    public void screenshots(String name) {
        capture(name + "-desktop", DESKTOP, true);
        capture(name + "-phone", PHONE, false);
        resizeViewport(DESKTOP);
    }

    /** Saves docs-ready target/screenshots/{name}.png: the 1280x900 desktop screen as it is now. */
    public void screen(String name) {
        capture(name, DESKTOP, false);
    }

    /**
     * Sizes the window so that the page itself (the viewport) gets the size, whatever the browser's
     * own frame takes.
     */
    public void resizeViewport(Dimension viewport) {
        driver.manage().window().setSize(viewport);
        long width = ((Number) script("return window.innerWidth;")).longValue();
        long height = ((Number) script("return window.innerHeight;")).longValue();
        if (width != viewport.width || height != viewport.height) {
            driver.manage()
                    .window()
                    .setSize(
                            new Dimension(
                                    (int) (2L * viewport.width - width),
                                    (int) (2L * viewport.height - height)));
        }
    }

    private void capture(String name, Dimension size, boolean wholePage) {
        resizeViewport(size);
        if (wholePage) {
            script("window.scrollTo(0, 0);");
        }
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] png;
        if (wholePage) {
            long width =
                    ((Number) script("return document.documentElement.clientWidth;")).longValue();
            long height =
                    ((Number)
                                    script(
                                            "return Math.max(document.documentElement.scrollHeight, window.innerHeight);"))
                            .longValue();
            Map<String, Object> shot =
                    driver.executeCdpCommand(
                            "Page.captureScreenshot",
                            Map.of(
                                    "format",
                                    "png",
                                    "captureBeyondViewport",
                                    true,
                                    "clip",
                                    Map.of(
                                            "x",
                                            0,
                                            "y",
                                            0,
                                            "width",
                                            width,
                                            "height",
                                            Math.min(height, 6000),
                                            "scale",
                                            1)));
            png = Base64.getDecoder().decode((String) shot.get("data"));
        } else {
            png = driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            Path debug = SCREENSHOTS.resolve("debug");
            Files.createDirectories(debug);
            Files.write(
                    debug.resolve("last-page-" + System.nanoTime() + ".png"),
                    driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            Files.writeString(
                    debug.resolve("last-page-" + System.nanoTime() + ".html"),
                    driver.getPageSource());
        } catch (IOException | RuntimeException e) {
            // only a debugging aid
        }
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile.toFile());
        }
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        file.delete();
    }
}
