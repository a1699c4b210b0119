package org.kith.hub.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven by WebDriver, from Debian's {@code chromium} and {@code chromium-driver}
 * (or {@code CHROME_BIN} and {@code CHROMEDRIVER}); never a browser downloaded at test time. Where
 * none can be started the test fails when {@code CI} is set (to anything but {@code false}: CI installs
 * them) and is skipped with the reason otherwise.
 */
final class Browser implements AutoCloseable {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final ChromeDriver driver;
    private final List<String> violations = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    static Browser start() {
        Optional<Path> binary = find("CHROME_BIN", BROWSERS);
        Optional<Path> driverBinary = find("CHROMEDRIVER", DRIVERS);
        if (binary.isEmpty() || driverBinary.isEmpty()) {
            return unavailable("no Chromium and ChromeDriver (apt-get install chromium chromium-driver)", null);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-US", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverBinary.get().toFile()).usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60)).build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Browser(driver);
        } catch (RuntimeException e) {
            return unavailable("Chromium did not start: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static Browser unavailable(String reason, RuntimeException cause) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
            throw new IllegalStateException("the console's browser tests need Chromium in CI: " + reason, cause);
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    private static Optional<Path> find(String variable, List<String> candidates) {
        String named = System.getenv(variable);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Writes what the window shows now to {@code file} (PNG). */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders the page as printed (the print style sheet), or as on screen again. */
    void printMedia(boolean print) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", print ? "print" : ""));
    }

    /** What the page logged so far (errors, refusals), for a failure's message. */
    List<String> messages() {
        List<String> messages = new ArrayList<>(violations);
        driver.manage().logs().get(LogType.BROWSER).forEach(entry -> messages.add(entry.getMessage()));
        return messages;
    }

    /** The Content-Security-Policy refusals the browser reported so far (none: every script and style was the page's own). */
    List<String> policyViolations() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getMessage().contains("Content Security Policy")) {
                violations.add(entry.getMessage());
            }
        }
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
