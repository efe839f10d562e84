package ppacer.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.server.SchedulerServer;
import ppacer.testkit.BranchedRun;

/**
 * The web UI in headless Chromium against a real scheduler, SQLite store and in-process worker:
 * trigger, the runs grid, the graph, logs, a failed run restarted, clear and mark, pause, errors
 * from the API shown, the token prompt, and a SKIPPED task (its own colour, its reason, a branch's
 * choice) with the trigger rules and the teardown in the graph.
 */
class WebUiBrowserTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static LiveScheduler live;
    static Browser browser;
    Ui ui;

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
        }
        if (live != null) {
            live.close();
        }
    }

    @BeforeEach
    void page() {
        ui = new Ui(browser.driver, live.uri(), TIMEOUT);
    }

    private long triggerFromDagsPage(String dagId) {
        ui.open("#/dags");
        ui.click("#dags tr[data-dag-id='" + dagId + "'] button[data-action=trigger]");
        ui.confirm();
        return ui.runIdFromUrl();
    }

    private void awaitRun(long runId, DagRunStatus status) {
        ui.until(d -> live.scheduler.store().dagRuns().find(runId).orElseThrow().status() == status);
    }

    @Test
    void hello_world_triggered_from_the_dags_page_succeeds_in_the_grid_graph_and_logs() {
        long runId = triggerFromDagsPage("hello_world");
        ui.present("h1 .badge[data-status=SUCCESS]");
        for (String task : List.of("start", "t21", "t22", "finish")) {
            ui.present("#run-graph g.node[data-task='" + task + "'][data-status=SUCCESS]");
        }
        assertEquals(3, ui.all("#run-graph path[data-from]").size(), "edges start>t21, start>t22, t22>finish");
        assertEquals(4, ui.all("#gantt .gantt-row").size(), "one Gantt bar per attempt");

        ui.open("#/dags/hello_world");
        ui.present("#runs-grid th[data-run-id='" + runId + "'][data-status=SUCCESS]");
        assertEquals(4, ui.all("#runs-grid td[data-run-id='" + runId + "'][data-status=SUCCESS]").size());
        ui.present("#dag-graph g.node[data-task=finish]");

        ui.click("#runs-grid tr[data-task=t21] td[data-run-id='" + runId + "'] a");
        ui.until(ExpectedConditions.urlContains("#/runs/" + runId + "/tasks/t21/0"));
        ui.textContains("#logs", "Hello from t21");
        ui.textContains("h1", "t21");
        assertTrue(ui.text("h1 .badge").contains("success"), "status in words, not colour alone");
    }

    @Test
    void a_failed_run_shows_its_error_and_is_restarted_from_the_ui() {
        long runId = triggerFromDagsPage(LiveScheduler.FAILS_ONCE);
        ui.present("h1 .badge[data-status=FAILED]");
        ui.present("#run-graph g.node[data-task=load][data-status=FAILED]");
        ui.present("#run-graph g.node[data-task=report][data-status=UPSTREAM_FAILED]");
        // a task that never started has a timeline row without a bar, and no duration in the table
        ui.present("#gantt .gantt-row[data-task=report][data-started=no]");
        assertEquals(0, ui.all("#gantt .gantt-row[data-task=report] rect").size(), "no bar for a task that never ran");
        ui.textContains("#gantt .gantt-row[data-task=report] .bar-label", "not run");
        assertEquals(1, ui.all("#gantt .gantt-row[data-task=load] rect").size(), "the task that ran has its bar");
        assertEquals("—", ui.text("#tasks tr[data-task=report] td:nth-of-type(5)"), "the Duration column");

        ui.click("#tasks tr[data-task=load] th a");
        ui.until(ExpectedConditions.urlContains("/tasks/load/0"));
        ui.textContains("#error-text", "fails on purpose on attempt 0");
        ui.textContains("#error-text", "Caused by: java.lang.IllegalStateException: warehouse connection refused");
        ui.textContains("#logs", "the warehouse is not reachable yet");
        ui.click("#level-INFO");
        ui.until(d -> !d.findElement(By.id("logs")).getText().contains("attempt 0 of load starting"));
        assertTrue(ui.text("#logs").contains("the warehouse is not reachable yet"), "WARN lines stay");

        ui.open("#/runs/" + runId);
        ui.click("#restart");
        ui.confirm();
        awaitRun(runId, DagRunStatus.SUCCESS);
        ui.present("h1 .badge[data-status=SUCCESS]");
        ui.present("#tasks tr[data-task=load][data-retry='1'][data-status=SUCCESS]");
        ui.present("#tasks tr[data-task=load][data-retry='0'][data-status=FAILED]");
    }

    @Test
    void a_task_is_cleared_with_its_downstream_and_then_marked_failed() {
        long runId = live.scheduler.trigger("hello_world", "{}");
        awaitRun(runId, DagRunStatus.SUCCESS);
        ui.open("#/runs/" + runId);
        ui.click("#tasks tr[data-task=t22] button[data-action=clear]");
        ui.confirm();
        ui.present("#tasks tr[data-task=t22][data-retry='1'][data-status=SUCCESS]");
        ui.present("#tasks tr[data-task=finish][data-retry='1'][data-status=SUCCESS]");
        assertTrue(ui.all("#tasks tr[data-task=t21][data-retry='1']").isEmpty(), "t21 is not downstream of t22");

        ui.click("#tasks tr[data-task=t21] button[data-action=mark-failed]");
        ui.confirm();
        ui.present("#tasks tr[data-task=t21][data-status=FAILED]");
        awaitRun(runId, DagRunStatus.FAILED);
        ui.present("h1 .badge[data-status=FAILED]");
    }

    /** The colour of a badge of each status class, read from the page's style sheet. */
    private Map<String, String> badgeColours() {
        @SuppressWarnings("unchecked")
        Map<String, String> colours = (Map<String, String>) ((JavascriptExecutor) ui.driver()).executeScript("""
                const out = {};
                for (const c of ['success', 'failed', 'upstream', 'retry', 'running', 'scheduled', 'queued', 'cancelled',
                    'none', 'skipped']) {
                  const e = document.createElement('span');
                  e.className = `badge st-${c}`;
                  document.body.append(e);
                  out[c] = getComputedStyle(e).color + ' on ' + getComputedStyle(e).backgroundColor;
                  e.remove();
                }
                return out;""");
        return colours;
    }

    private String script(String js) {
        return String.valueOf(((JavascriptExecutor) ui.driver()).executeScript(js));
    }

    private String tooltip(String css) {
        return ui.driver().findElement(By.cssSelector(css + " > title")).getAttribute("textContent");
    }

    @Test
    void a_skipped_task_has_its_own_colour_and_its_reason_and_the_graph_shows_rules_and_the_teardown() {
        long runId = live.branchedRun();
        ui.open("#/runs/" + runId);
        ui.present("h1 .badge[data-status=SUCCESS]");
        ui.present("#run-graph g.node.st-skipped[data-task=right][data-status=SKIPPED]");
        ui.present("#tasks tr[data-task=right] .badge.st-skipped[data-status=SKIPPED]");
        ui.textContains("#tasks tr[data-task=right] .reason[data-reason]", BranchedRun.RIGHT_REASON);
        ui.textContains("#tasks tr[data-task=pick] .reason[data-branch=left]", "chose left");
        assertTrue(tooltip("#run-graph g.node[data-task=right]").contains(BranchedRun.RIGHT_REASON),
                "the reason in the node's tooltip");

        Map<String, String> colours = badgeColours();
        String skipped = colours.get("skipped");
        colours.forEach((status, colour) -> assertTrue(status.equals("skipped") || !colour.equals(skipped),
                "SKIPPED looks like " + status + ": " + colours));
        assertEquals(skipped.substring(0, skipped.indexOf(" on ")),
                script("return getComputedStyle(document.querySelector('#run-graph g.node[data-task=right] rect')).stroke"),
                "the graph node in the SKIPPED colour");

        // the edges into join (rule NONE_FAILED_MIN_ONE_SUCCESS) are labelled, the default-rule edges are not
        assertEquals(2, ui.all("#run-graph text.rule-label[data-to=join][data-rule=NONE_FAILED_MIN_ONE_SUCCESS]").size());
        assertEquals(2, ui.all("#run-graph text.rule-label").size(), "only the edges into join carry a rule");
        assertTrue(ui.driver().findElement(By.cssSelector("#run-graph text.rule-label[data-from=left]"))
                .getAttribute("textContent").contains("none failed"));
        assertTrue(tooltip("#run-graph text.rule-label[data-from=left]").contains("NONE_FAILED_MIN_ONE_SUCCESS"),
                "the full rule in the tooltip");
        ui.present("#run-graph g.node.teardown[data-task=cleanup][data-teardown-of=pick]");
        assertTrue(tooltip("#run-graph g.node[data-task=cleanup]").contains("teardown of pick"));
        assertFalse(script("return getComputedStyle(document.querySelector('#run-graph g.node[data-task=cleanup] rect'))"
                + ".strokeDasharray").equals("none"), "a teardown's border is dashed");

        ui.open("#/runs/" + runId + "/tasks/right/0");
        ui.present("h1 .badge.st-skipped[data-status=SKIPPED]");
        assertTrue(ui.text("h1 .badge").contains("skipped"), "status in words, not colour alone");
        ui.textContains("#reason", BranchedRun.RIGHT_REASON);
        ui.open("#/runs/" + runId + "/tasks/pick/0");
        ui.textContains("#branch", "chose left");

        ui.open("#/dags/" + BranchedRun.DAG_ID);
        ui.present("#runs-grid tr[data-task=right] td[data-run-id='" + runId + "'][data-status=SKIPPED] .mark.st-skipped");
        ui.present("#dag-graph text.rule-label[data-to=join]");

        ui.open("#/");
        ui.present("#stat-attempts .badge.st-skipped[data-status=SKIPPED]");
    }

    @Test
    void an_attempt_shows_the_output_it_stored() {
        long runId = live.scheduler.trigger(LiveScheduler.OUTPUTS, "{}");
        awaitRun(runId, DagRunStatus.SUCCESS);
        ui.open("#/runs/" + runId + "/tasks/count/0");
        ui.textContains("#output-meta", "application/json");
        ui.textContains("#output", "\"rows\": 42");
        ui.textContains("#output", "\"a.csv\"");
    }

    @Test
    void a_run_of_a_paused_dag_says_why_it_waits_until_the_dag_is_unpaused() {
        live.scheduler.pause(LiveScheduler.OUTPUTS);
        long runId;
        try {
            runId = live.scheduler.trigger(LiveScheduler.OUTPUTS, "{}");
            ui.open("#/runs/" + runId);
            ui.textContains("#waiting p[data-reason=DAG_PAUSED]", LiveScheduler.OUTPUTS + " is paused");
            ui.textContains("#tasks tr[data-task=count] .why[data-why=DAG_PAUSED]", "why? " + LiveScheduler.OUTPUTS
                    + " is paused: the run waits until `ppacer unpause " + LiveScheduler.OUTPUTS + "`");
            ui.open("#/dags/" + LiveScheduler.OUTPUTS);
            ui.present("#runs-grid td[data-run-id='" + runId + "'][data-why=DAG_PAUSED][title^='why? "
                    + LiveScheduler.OUTPUTS + " is paused']");
            ui.open("#/runs/" + runId);
        } finally {
            live.scheduler.unpause(LiveScheduler.OUTPUTS);
        }
        awaitRun(runId, DagRunStatus.SUCCESS);
        ui.present("h1 .badge[data-status=SUCCESS]");
        assertTrue(ui.all("#waiting").isEmpty(), "a finished run waits for nothing");
        assertTrue(ui.all("#tasks .why").isEmpty(), "a finished task has no why? line");
    }

    @Test
    void a_dag_is_paused_and_unpaused_from_the_dags_page() {
        ui.open("#/dags");
        String button = "#dags tr[data-dag-id=etl] button[data-action=pause]";
        ui.textContains(button, "Active");
        ui.click(button);
        ui.confirm();
        ui.textContains(button, "Paused");
        assertTrue(live.scheduler.isPaused("etl"));
        assertEquals("false", ui.visible(button).getAttribute("aria-pressed"));
        ui.click(button);
        ui.confirm();
        ui.textContains(button, "Active");
        assertFalse(live.scheduler.isPaused("etl"));
    }

    @Test
    void errors_from_the_api_and_bad_parameters_are_shown_not_swallowed() {
        ui.open("#/dags");
        ui.click("#dags tr[data-dag-id=etl] button[data-action=trigger]");
        ui.visible("#trigger-params").sendKeys("[1, 2]");
        ui.confirm();
        ui.textContains("#messages .msg-error", "must be a JSON object");

        ui.click("#dags tr[data-dag-id=etl] button[data-action=trigger]");
        ui.visible("#trigger-params").sendKeys("{oops");
        ui.confirm();
        ui.textContains("#messages", "not valid JSON");

        ui.open("#/runs/999999");
        ui.textContains("#messages .msg-error", "Unknown DAG run 999999");
    }

    @Test
    void overview_shows_counts_the_executor_and_recent_failures() {
        long runId = live.scheduler.trigger(LiveScheduler.FAILS_ONCE, "{}");
        awaitRun(runId, DagRunStatus.FAILED);
        ui.open("#/");
        ui.textContains("#executors", "ui-test-worker");
        ui.present("#executors tr[data-executor^=ui-test-worker][data-state]"); // its id is <worker>@<node>#<n>
        ui.textContains("#executors tr[data-executor^=ui-test-worker] td[data-field=address]", "in-process");
        String state = ui.driver().findElement(By.cssSelector("#executors tr[data-executor^=ui-test-worker]"))
                .getAttribute("data-state");
        assertTrue(state.equals("polling") || state.equals("active"), "the in-process worker polls: " + state);
        ui.present("#pools tr[data-pool=warehouse][data-slots='3'][data-used='0']"); // configured, unused
        ui.present("#recent-failures a[href='#/runs/" + runId + "']");
        ui.present("#stat-runs .badge[data-status=FAILED]");
        ui.present("#latest-runs tr[data-run-id='" + runId + "']");

        ui.click("#live-toggle");
        ui.until(ExpectedConditions.attributeToBe(By.id("live-toggle"), "aria-pressed", "false"));
        ui.click("#live-toggle");
        ui.until(ExpectedConditions.attributeToBe(By.id("live-toggle"), "aria-pressed", "true"));
    }

    @Test
    void every_view_is_reachable_by_keyboard_from_its_deep_link() {
        ui.open("#/dags");
        ui.visible("#dags a.dag-link");
        WebElement link = ui.driver().findElement(By.cssSelector("#dags tr[data-dag-id=flaky] a.dag-link"));
        ((JavascriptExecutor) ui.driver()).executeScript("arguments[0].focus()", link);
        ui.driver().switchTo().activeElement().sendKeys("\n");
        ui.until(ExpectedConditions.urlContains("#/dags/flaky"));
        ui.present("#dag-graph g.node[data-task=flaky]");
        ui.textContains("h1", "flaky");
    }

    /** @return the ids of the DAGs whose id, description or tags contain every word, as the filter should find them */
    private static List<String> matching(String... words) {
        return live.scheduler.registry().dags().stream().filter(d -> {
            String text = (d.id() + " " + d.description() + " " + String.join(" ", d.tags())).toLowerCase(Locale.ROOT);
            return Arrays.stream(words).allMatch(w -> text.contains(w.toLowerCase(Locale.ROOT)));
        }).map(Dag::id).toList();
    }

    private List<String> shownDags() {
        return ui.all("#dags tbody tr:not([hidden])").stream().map(r -> r.getAttribute("data-dag-id")).toList();
    }

    @Test
    void the_dags_page_filters_by_id_description_or_tag_as_you_type() {
        ui.open("#/dags");
        ui.present("#dags tr[data-dag-id=hello_world]");
        int all = ui.all("#dags tbody tr").size();
        WebElement box = ui.visible("#dag-filter");
        box.sendKeys("HELLO");                            // hello_world's id and tag, any case
        List<String> hello = matching("hello");
        assertTrue(hello.contains("hello_world") && hello.size() < all, hello.toString());
        ui.until(d -> shownDags().equals(hello));
        ui.textContains("#dag-filter-count", hello.size() + " of " + all + " DAGs");
        box.clear();
        box.sendKeys("fan-out partitions");               // two words of etl's description
        List<String> etl = matching("fan-out", "partitions");
        assertEquals(List.of("etl"), etl);
        ui.until(d -> shownDags().equals(etl));
        box.sendKeys(" nosuchword");
        ui.textContains("#dag-filter-count", "No DAG matches");
        ui.until(d -> shownDags().isEmpty());
        assertEquals("fan-out partitions nosuchword", box.getAttribute("value"), "the 2 s refresh keeps what was typed");
    }

    @Test
    void a_dag_page_shows_where_its_code_is_its_task_settings_and_a_run_duration_chart() {
        long runId = live.scheduler.trigger("etl", "{}");
        awaitRun(runId, DagRunStatus.SUCCESS);
        ui.open("#/dags/etl");
        ui.textContains("#dag-source", "ppacer.examples.ExampleDags");
        ui.textContains("#dag-source", "ppacer.examples");
        ui.textContains("dl.facts dd[data-fact=overlap]", "SKIP");
        ui.textContains("dl.facts dd[data-fact=catch-up]", "no");
        ui.textContains("#task-settings tr[data-task=load] td[data-field=retries]", "3");
        ui.textContains("#task-settings tr[data-task=load]", "on retry");
        ui.textContains("#task-settings tr[data-task=load]", "20% jitter");
        ui.textContains("#task-settings tr[data-task=report] td[data-field=retries]", "0");
        ui.textContains("#task-settings tr[data-task=report] td[data-field=pool]", "—"); // no pool
        ui.present("#duration-chart rect[data-run-id='" + runId + "'][data-status=SUCCESS]");
        String seconds = ui.all("#duration-chart rect[data-run-id='" + runId + "']").getFirst().getAttribute("data-seconds");
        assertTrue(Double.parseDouble(seconds) >= 0, seconds);
        ui.click("#duration-chart rect[data-run-id='" + runId + "']");
        ui.until(ExpectedConditions.urlContains("#/runs/" + runId));
    }

    @Test
    void with_a_token_the_ui_asks_for_it_once_and_sends_it() {
        try (SchedulerServer secured = live.serverWithToken("ui-secret")) {
            Ui other = new Ui(browser.driver, secured.uri(), TIMEOUT);
            other.open("#/dags");
            other.visible("#token-dialog[open] input[name=token]").sendKeys("ui-secret");
            other.click("#token-dialog button[value=ok]");
            other.present("#dags tr[data-dag-id=hello_world]");
            other.open("#/");
            other.present("#stat-runs");
            assertTrue(other.all("#token-dialog").isEmpty(), "asked once per browser session");
        }
    }
}
