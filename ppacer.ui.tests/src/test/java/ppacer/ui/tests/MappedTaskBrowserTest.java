package ppacer.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import ppacer.api.DagRunStatus;

/**
 * Dynamic task mapping in the UI, on a run of the example DAG {@code fan_out} (list_files ──
 * process_file[0..N-1] ── summarise): the run's graph draws the mapped task as one node with its
 * instance count and status summary, the task list and the timeline fold its instances under it
 * until unfolded (from the button or from the graph's node), an instance's attempt page (its id
 * URL-encoded) shows its log and output, and the DAG page shows the "mapped over" marker, the
 * mapping in the task settings and the instances folded into one cell of the runs grid. Its own
 * scheduler: the run must not change what the other browser tests count.
 */
class MappedTaskBrowserTest extends OwnSchedulerTest {
    private static final String MAPPED = "process_file";

    private static String attr(Ui ui, String css, String name) {
        return ui.visible(css).getAttribute(name);
    }

    @Test
    void a_mapped_task_is_one_node_with_its_summary_and_unfolds_to_instances_with_their_logs() {
        Ui ui = new Ui(browser.driver, live.uri(), TIMEOUT);
        long runId = live.scheduler.trigger("fan_out", "{}");
        ui.until(d -> live.scheduler.store().dagRuns().find(runId).orElseThrow().status() == DagRunStatus.SUCCESS);
        List<String> instances = live.scheduler.store().attempts().latest(runId).stream()
                .map(a -> a.key().taskId()).filter(id -> id.startsWith(MAPPED + "[")).toList();
        int n = instances.size();
        assertTrue(n >= 2 && n <= 5, "fan_out lists 2 to 5 files: " + instances);

        ui.open("#/runs/" + runId);
        ui.present("h1 .badge[data-status=SUCCESS]");
        String node = "#run-graph g.node[data-task=" + MAPPED + "]";
        ui.present(node + "[data-status=SUCCESS][data-count='" + n + "']");
        assertEquals(MAPPED + " ×" + n + ": " + n + " ✓", attr(ui, node, "data-summary"));
        ui.textContains(node + " .node-label", "×" + n);
        ui.textContains(node + " .node-note", n + " ✓");
        assertEquals(3, ui.all("#run-graph g.node").size(), "one node for the mapped task, none per instance");

        String row = "#tasks tr[data-task=" + MAPPED + "][data-mapped]";
        ui.textContains(row, n + " instances");
        ui.textContains(row + " .instances-summary", MAPPED + " ×" + n + ": " + n + " ✓");
        assertEquals("SUCCESS", attr(ui, row, "data-status"));
        assertEquals(0, ui.all("#tasks tr[data-instance-of=" + MAPPED + "]").size(), "instances are folded at first");
        ui.present("#gantt .gantt-row[data-task=" + MAPPED + "][data-mapped]");
        assertEquals(0, ui.all("#gantt .gantt-row[data-instance]").size());

        ui.click(row + " button[data-action=expand-instances]");
        ui.until(d -> d.findElements(By.cssSelector("#tasks tr[data-instance-of=" + MAPPED + "]")).size() == n);
        assertEquals("true", attr(ui, row + " button[data-action=expand-instances]", "aria-expanded"));
        for (String id : instances) {
            ui.present("#tasks tr.instance[data-task='" + id + "'][data-status=SUCCESS][data-retry='0']");
        }
        ui.until(d -> d.findElements(By.cssSelector("#gantt .gantt-row[data-instance]")).size() == n);

        ui.click(node); // the graph's node folds them again, and unfolds them
        ui.until(d -> d.findElements(By.cssSelector("#tasks tr[data-instance-of=" + MAPPED + "]")).isEmpty());
        assertEquals("false", attr(ui, node, "aria-expanded"));
        ui.click(node);
        ui.until(d -> d.findElements(By.cssSelector("#tasks tr[data-instance-of=" + MAPPED + "]")).size() == n);

        String second = MAPPED + "[1]";
        WebElement link = ui.visible("#tasks tr[data-task='" + second + "'] th a");
        assertTrue(link.getAttribute("href").endsWith("#/runs/" + runId + "/tasks/" + MAPPED + "%5B1%5D/0"),
                link.getAttribute("href"));
        ui.click("#tasks tr[data-task='" + second + "'] th a");
        ui.until(ExpectedConditions.urlContains("/tasks/" + MAPPED + "%5B1%5D/0"));
        ui.textContains("h1", second);
        ui.present("h1 .badge[data-status=SUCCESS]");
        ui.textContains("#logs", "Processing inbox/orders-b.csv (instance 1)");
        ui.textContains("#output", "180"); // ten rows per character of inbox/orders-b.csv

        ui.open("#/dags/fan_out");
        String dagNode = "#dag-graph g.node[data-task=" + MAPPED + "][data-mapped-over=list_files]";
        ui.present(dagNode);
        ui.textContains(dagNode + " .node-note", "over list_files");
        ui.textContains("#task-settings tr[data-task=" + MAPPED + "] td[data-field=mapping]", "mapped over list_files");
        String cell = "#runs-grid tr[data-task=" + MAPPED + "] td[data-run-id='" + runId + "']";
        ui.present(cell + "[data-status=SUCCESS][data-count='" + n + "']");
        assertTrue(attr(ui, cell, "title").contains(MAPPED + " ×" + n + ": " + n + " ✓"), attr(ui, cell, "title"));
        assertEquals(3, ui.all("#runs-grid tbody tr").size(), "the instances are folded into the mapped task's row");
    }
}
