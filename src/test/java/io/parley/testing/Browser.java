package io.parley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for browser tests (Debian's {@code chromium} and {@code chromium-driver}). Each
 * instance gets a fresh profile directory, removed on {@link #close()}. Without Chromium the test
 * is skipped locally and fails on CI ({@code CI=true}), so CI can never pass by skipping.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM =
      Path.of(System.getProperty("parley.test.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER =
      Path.of(System.getProperty("parley.test.chromedriver", "/usr/bin/chromedriver"));

  private final ChromeDriver driver;
  private final Path profile;
  private final String baseUrl;

  private Browser(String baseUrl, int width, int height) {
    this.baseUrl = baseUrl;
    try {
      this.profile = Files.createTempDirectory("parley-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=en-US",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    var logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withEnvironment(Map.of("HOME", profile.toString()))
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(width, height));
    // The window size includes (invisible) browser chrome: grow it until the page gets the size.
    Number inner = (Number) driver.executeScript("return window.innerHeight;");
    if (inner != null && inner.intValue() < height) {
      driver.manage().window().setSize(new Dimension(width, 2 * height - inner.intValue()));
    }
  }

  /** Opens a browser against {@code baseUrl} (e.g. {@code http://localhost:PORT}). */
  public static Browser open(String baseUrl, int width, int height) {
    requireChromium();
    return new Browser(baseUrl, width, height);
  }

  public static Browser open(String baseUrl) {
    return open(baseUrl, 1366, 850);
  }

  /** Skips (locally) or fails (on CI) when Chromium or its driver is missing. */
  public static void requireChromium() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String message =
        "Browser tests need Chromium at "
            + CHROMIUM
            + " and chromedriver at "
            + CHROMEDRIVER
            + ". Install them: apt-get install -y chromium chromium-driver";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  public WebDriver driver() {
    return driver;
  }

  public Browser go(String path) {
    driver.get(baseUrl + path);
    return this;
  }

  /** Runs a script in the page and returns its result. */
  public Object js(String script) {
    return driver.executeScript(script);
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits (up to {@code seconds}) until {@code condition} returns a non-null, non-false value. */
  public <T> T waitUntil(int seconds, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds))
        .pollingEvery(Duration.ofMillis(100))
        // htmx may swap an element out between finding it and reading it: look again.
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  /** Waits until the element matching {@code css} contains {@code text}; returns that element. */
  public WebElement waitForText(String css, String text, int seconds) {
    return waitUntil(
        seconds,
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.getText().contains(text))
                .findFirst()
                .orElse(null));
  }

  public Path screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Console errors so far (CSP violations, script errors, failed requests). */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a leftover temp profile is harmless
      }
    }
  }
}
