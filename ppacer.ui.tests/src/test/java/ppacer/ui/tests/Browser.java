package ppacer.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by its chromedriver ({@code apt-get install chromium
 * chromium-driver}; {@code bin/install-browser} does it). Without them the tests are skipped,
 * unless {@code CI=true}, where a missing browser is a failure.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PPACER_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("PPACER_CHROMEDRIVER", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test (or fails it on CI) when Chromium or chromedriver is missing. */
    static void requireInstalled() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + DRIVER + " is missing; run bin/install-browser");
        }
        Assumptions.assumeTrue(present, () -> "Browser tests skipped: " + CHROMIUM + " or " + DRIVER
                + " is missing (apt-get install -y chromium chromium-driver, or bin/install-browser)");
    }

    static Browser start(int width, int height) throws IOException {
        requireInstalled();
        Path profile = Files.createTempDirectory("ppacer-chromium-");
        Path logs = Files.createDirectories(Path.of(System.getProperty("ppacer.ui.screenshots", "target")));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--force-device-scale-factor=1", "--lang=en-GB",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(logs.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
