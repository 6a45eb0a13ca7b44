package com.cleanupservice.testsupport;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Headless Chromium driven over WebDriver: Debian's {@code chromium} and {@code chromium-driver} packages
 * ({@code scripts/install-test-tools.sh} installs them; {@code .ci/run} and {@code mvn verify} call it when they are
 * missing). Selenium is told where both are, so it never tries to download a browser or a driver.
 */
public final class Browser implements AutoCloseable {
    /** Where the console's screenshots go; {@code -Dconsole.screenshots.update=true} also copies them to docs/console. */
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Path DOCS = Path.of("docs", "console");
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final ChromeDriver driver;
    private final Path downloads;

    private Browser(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    public static Browser start() {
        String browser = first(BROWSERS, "Chromium");
        String driverBinary = first(DRIVERS, "chromium-driver");
        try {
            Path downloads = Files.createTempDirectory("console-downloads");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browser);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1360,1000", "--lang=en-US", "--no-first-run", "--disable-extensions");
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(driverBinary)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            // headless Chromium saves downloads only where it is told to over the DevTools protocol
            driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            return new Browser(driver, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String first(List<String> candidates, String what) {
        return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElseThrow(() -> new AssertionError(
                what + " is not installed (looked for " + candidates + "): run scripts/install-test-tools.sh, or "
                        + "apt-get install chromium chromium-driver"));
    }

    public WebDriver driver() {
        return driver;
    }

    public Path downloads() {
        return downloads;
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

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Waits (at most 60 s) until the condition answers something other than null or false. */
    public <T> T until(String what, Function<WebDriver, T> condition) {
        // the console swaps a polled part of the page for a fresh one when it changed: an element read meanwhile is stale
        return new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The element once it is there and shows {@code text} (substring). */
    public WebElement untilText(String css, String text) {
        return until("'" + text + "' in " + css, d -> {
            for (WebElement e : d.findElements(By.cssSelector(css))) {
                if (e.getText().contains(text)) {
                    return e;
                }
            }
            return null;
        });
    }

    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            script("const n = document.getElementById('notice'); if (n) n.hidden = true;"); // a passing toast is not the subject
            Path shot = SCREENSHOTS.resolve(name + ".png");
            Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            if (Boolean.getBoolean("console.screenshots.update")) {
                Files.createDirectories(DOCS);
                Files.copy(shot, DOCS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
