package io.paperstream.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium driven through the system's chromedriver (Debian: {@code apt-get install chromium
 * chromium-driver}). Both paths are given to Selenium explicitly, so Selenium Manager never downloads a browser
 * or a driver. Paths can be overridden for other distributions by {@value #CHROMIUM_ENV} and
 * {@value #CHROMEDRIVER_ENV}.
 */
final class HeadlessChromium {

    static final String CHROMIUM_ENV = "PAPERSTREAM_CHROMIUM";
    static final String CHROMEDRIVER_ENV = "PAPERSTREAM_CHROMEDRIVER";
    /** CI sets it to 1: there a missing browser is a failure, not a skip. */
    static final String REQUIRE_BROWSER_ENV = "PAPERSTREAM_REQUIRE_BROWSER";

    static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DEFAULT_CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static final int WINDOW_WIDTH = 1400;
    static final int WINDOW_HEIGHT = 1000;
    static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(60);

    private HeadlessChromium() {
    }

    static Path chromium() {
        return pathFromEnv(CHROMIUM_ENV, DEFAULT_CHROMIUM);
    }

    static Path chromedriver() {
        return pathFromEnv(CHROMEDRIVER_ENV, DEFAULT_CHROMEDRIVER);
    }

    static boolean browserRequired() {
        return "1".equals(System.getenv(REQUIRE_BROWSER_ENV));
    }

    /** Why the browser cannot run here, or empty when both executables are present. */
    static Optional<String> missing() {
        Path chromium = chromium();
        Path chromedriver = chromedriver();
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            return Optional.of("Chromium (" + chromium + ") or chromedriver (" + chromedriver + ") is not installed;"
                    + " install them with 'apt-get install -y chromium chromium-driver' (or point " + CHROMIUM_ENV
                    + " / " + CHROMEDRIVER_ENV + " at them)");
        }
        return Optional.empty();
    }

    /**
     * Starts a headless Chromium with a fresh profile under {@code profileParent}; chromedriver's log goes to
     * {@code driverLog}.
     */
    static ChromeDriver start(Path profileParent, Path driverLog) {
        Path profile;
        try {
            Files.createDirectories(profileParent);
            Files.createDirectories(driverLog.getParent());
            profile = Files.createTempDirectory(profileParent, "chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Selenium reads it too: with the driver known, Selenium Manager has nothing to resolve.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver().toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort()
                .withLogOutput(driverLogStream(driverLog))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=" + WINDOW_WIDTH + "," + WINDOW_HEIGHT);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT);
        return driver;
    }

    private static java.io.OutputStream driverLogStream(Path driverLog) {
        try {
            return Files.newOutputStream(driverLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path pathFromEnv(String name, Path fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }
}
