package ppacer.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import ppacer.api.Dag;
import ppacer.api.Deadline;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;

/**
 * The run page's "why?" lines on a run bigger than the API's default page of reasons (150 waiting tasks:
 * every one has its line, as the page asks for as many reasons as it shows), and a missed deadline shown
 * on the run (the header) and on its task (its row), while the run goes on; a scheduler of its own, so that these runs do not
 * change what the other browser tests count.
 */
class WhyAndDeadlinesBrowserTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String WIDE = "wide150";
    private static final String LATE = "late";
    private static final int TASKS = 150;

    @TempDir
    static Path dir;
    static LiveScheduler live;
    static Browser browser;

    @RegisterExtension
    static final ScreenshotOnFailure SCREENSHOTS = new ScreenshotOnFailure(() -> browser == null ? null : browser.driver);

    @BeforeAll
    static void start() throws IOException {
        Browser.requireInstalled();
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            roots.add(Node.of(Task.of("w" + i, ctx -> { })));
        }
        Dag wide = Dag.builder(WIDE).root(roots.getFirst(), roots.subList(1, TASKS).toArray(Node[]::new)).build();
        Dag late = Dag.builder(LATE).deadline(Deadline.afterLogicalTime(Duration.ofSeconds(1)))
                .root(Node.of(Task.of("t", ctx -> Thread.sleep(2_000)), TaskConfig.builder()
                        .deadline(Deadline.afterLogicalTime(Duration.ofSeconds(1))).build())).build();
        live = new LiveScheduler(dir, List.of(wide, late));
        browser = Browser.start(1400, 1000);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (live != null) {
            live.close();
        }
    }

    @Test
    void every_waiting_task_of_a_run_beyond_the_apis_default_page_has_its_why_line() {
        Ui ui = new Ui(browser.driver, live.uri(), TIMEOUT);
        live.scheduler.pause(WIDE);
        try {
            long runId = live.scheduler.trigger(WIDE, "{}");
            ui.open("#/runs/" + runId);
            ui.textContains("#waiting p[data-reason=DAG_PAUSED]", WIDE + " is paused");
            ui.until(d -> d.findElements(By.cssSelector("#tasks .why[data-why=DAG_PAUSED]")).size() == TASKS);
            ui.textContains("#tasks tr[data-task=w149] .why[data-why=DAG_PAUSED]", "why? " + WIDE + " is paused");
            assertEquals(TASKS, ui.all("#tasks .why[data-why]").size(), "one why? line per task, none twice");
        } finally {
            live.scheduler.unpause(WIDE);
        }
    }

    @Test
    void a_missed_deadline_is_shown_on_the_run_and_on_its_task() {
        Ui ui = new Ui(browser.driver, live.uri(), TIMEOUT);
        // its task takes 2 s, so it cannot end by both deadlines (1 s after the logical time, the trigger's)
        long runId = live.scheduler.trigger(LATE, "{}");
        ui.until(d -> live.scheduler.missedDeadlines(runId).size() == 2);
        ui.open("#/runs/" + runId);
        ui.textContains("#deadlines p[data-deadline-task='']", "The run missed its deadline (due ");
        ui.textContains("#deadlines p[data-deadline-task=t]", "Task t missed its deadline (due ");
        ui.textContains("#deadlines p[data-deadline-task=t]", "it goes on.");
        ui.textContains("#tasks tr[data-task=t] .why[data-deadline-missed]", "missed its deadline (due ");
    }
}
