package ppacer.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import ppacer.api.DagRunStatus;

/**
 * Captures the README's screenshots of the main pages into {@code docs/} from a live scheduler with
 * a few runs. Off by default (it rewrites files in the work tree):
 * <pre>./mvnw -pl ppacer.ui.tests -am verify -Dtest=DocsScreenshots -Dppacer.ui.capture=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfSystemProperty(named = "ppacer.ui.capture", matches = "true")
class DocsScreenshots {
    @TempDir
    Path dir;

    private void shot(Browser browser, Path docs, String name) throws IOException {
        Path png = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void capture_the_main_pages() throws IOException {
        Path docs = Files.createDirectories(Path.of(System.getProperty("ppacer.ui.docs", "docs")));
        try (LiveScheduler live = new LiveScheduler(dir); Browser browser = Browser.start(1280, 900)) {
            Ui ui = new Ui(browser.driver, live.uri(), Duration.ofSeconds(60));
            long etl = live.scheduler.trigger("etl", "{\"day\":\"2026-11-27\"}");
            long flaky = live.scheduler.trigger("flaky", "{}");
            long failed = live.scheduler.trigger(LiveScheduler.FAILS_ONCE, "{}");
            ui.until(d -> live.scheduler.store().dagRuns().find(failed).orElseThrow().status() == DagRunStatus.FAILED);
            ui.until(d -> live.scheduler.store().dagRuns().find(flaky).orElseThrow().status() == DagRunStatus.SUCCESS);
            ui.until(d -> live.scheduler.store().dagRuns().find(etl).orElseThrow().status().isTerminal());
            live.scheduler.restart(failed);
            ui.until(d -> live.scheduler.store().dagRuns().find(failed).orElseThrow().status() == DagRunStatus.SUCCESS);
            long failing = live.scheduler.trigger(LiveScheduler.FAILS_ONCE, "{}");
            ui.until(d -> live.scheduler.store().dagRuns().find(failing).orElseThrow().status() == DagRunStatus.FAILED);
            // a few scheduled hello_world runs (every 10 s)
            ui.until(d -> live.scheduler.store().dagRuns().recent(java.util.Optional.of("hello_world"),
                    java.util.Optional.empty(), 10).stream().filter(s -> s.run().status() == DagRunStatus.SUCCESS)
                    .count() >= 3);

            // some colour in the grid: a run whose t22 is marked failed (finish becomes upstream-failed)
            long marked = live.scheduler.trigger("hello_world", "{}");
            ui.until(d -> live.scheduler.store().dagRuns().find(marked).orElseThrow().status() == DagRunStatus.SUCCESS);
            live.scheduler.markTask(marked, "t22", ppacer.api.TaskStatus.FAILED);
            ui.until(d -> live.scheduler.store().dagRuns().find(marked).orElseThrow().status() == DagRunStatus.FAILED);

            ui.open("#/");
            ui.present("#executors");
            ui.present("#recent-failures");
            shot(browser, docs, "ui-overview.png");

            ui.open("#/dags");
            ui.present("#dags tr[data-dag-id=hello_world] .mark");
            shot(browser, docs, "ui-dags.png");

            ui.open("#/dags/hello_world");
            ui.present("#runs-grid td[data-status=SUCCESS]");
            ((JavascriptExecutor) browser.driver).executeScript(
                    "document.querySelector('#runs-grid').closest('section').scrollIntoView()");
            shot(browser, docs, "ui-runs-grid.png");

            ui.open("#/runs/" + flaky);
            ui.present("#gantt .gantt-row");
            ui.present("#run-graph g.node[data-task=done][data-status=SUCCESS]");
            shot(browser, docs, "ui-run.png");

            ui.open("#/runs/" + failing + "/tasks/load/0");
            ui.present("#error-text");
            ui.present("#logs .log-table");
            shot(browser, docs, "ui-attempt.png");
        }
    }
}
