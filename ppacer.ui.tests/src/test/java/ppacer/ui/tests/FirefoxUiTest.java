package ppacer.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in headless Firefox (Debian's {@code firefox-esr}) against a real scheduler, SQLite
 * store and in-process worker: trigger and the run's graph, Gantt, grid and logs; API errors shown;
 * pause; keyboard; a SKIPPED task's colour and reason, trigger rules on the graph's edges; no script
 * errors. Firefox is driven over WebDriver BiDi by puppeteer-core
 * ({@code src/test/firefox/ui-tests.mjs}, installed with {@code npm ci} from the npm registry into
 * {@code target/firefox}), because Debian ships no geckodriver for Selenium. Without Firefox or
 * Node the test is skipped, unless {@code CI=true}, where that is a failure.
 */
class FirefoxUiTest {
    static final Path FIREFOX = Path.of(System.getenv().getOrDefault("PPACER_FIREFOX", "/usr/bin/firefox-esr"));
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private static void requireInstalled(boolean node) {
        boolean present = Files.isExecutable(FIREFOX) && node;
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + FIREFOX + " or node is missing; run bin/install-browser");
        }
        Assumptions.assumeTrue(present, () -> "Firefox tests skipped: " + FIREFOX + " or node is missing "
                + "(apt-get install -y firefox-esr nodejs npm, or bin/install-browser)");
    }

    private static boolean nodeOnPath() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Copies the script and its lock file to target/firefox and installs puppeteer-core there once. */
    private static Path prepare() throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("basedir", ".")).resolve("src/test/firefox");
        Path work = Files.createDirectories(Path.of(System.getProperty("basedir", ".")).resolve("target/firefox"));
        for (String f : List.of("package.json", "package-lock.json", "ui-tests.mjs")) {
            Files.copy(source.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(work.resolve("node_modules/puppeteer-core"))) {
            Run install = run(work, INSTALL_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            assertEquals(0, install.code(), () -> "npm ci in " + work + " failed:\n" + install.output());
        }
        return work;
    }

    private record Run(int code, String output) {
    }

    private static Run run(Path cwd, Duration timeout, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("ppacer-firefox-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Run(-1, "timed out after " + timeout + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void the_ui_works_in_firefox() throws Exception {
        requireInstalled(nodeOnPath());
        Path work = prepare();
        String shots = System.getProperty("ppacer.ui.screenshots", "target/screenshots");
        try (LiveScheduler live = new LiveScheduler(dir)) {
            Run ui = run(work, RUN_TIMEOUT, "node", "ui-tests.mjs", live.uri().toString(), shots,
                    Long.toString(live.branchedRun()));
            System.out.print(ui.output());
            assertEquals(0, ui.code(), () -> "Firefox UI checks failed:\n" + ui.output());
            assertEquals(6, ui.output().lines().filter(l -> l.startsWith("ok ")).count(), ui.output());
            assertTrue(ui.output().contains("ok hello_world_triggered_succeeds_in_graph_gantt_grid_and_logs"), ui.output());
        }
    }
}
