package ppacer.ui.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser test class with a scheduler of its own (a {@link LiveScheduler} in a temporary folder)
 * and a browser of 1400 x 1000: for tests whose actions must not change what the other browser tests
 * see (an audit row, the first API key, which turns authentication on for its store).
 */
abstract class OwnSchedulerTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static LiveScheduler live;
    static Browser browser;

    @RegisterExtension
    static final ScreenshotOnFailure SCREENSHOTS = new ScreenshotOnFailure(() -> browser == null ? null : browser.driver);

    @BeforeAll
    static void start() throws IOException {
        Browser.requireInstalled();
        live = new LiveScheduler(dir);
        browser = Browser.start(1400, 1000);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (live != null) {
            live.close();
            live = null;
        }
    }
}
