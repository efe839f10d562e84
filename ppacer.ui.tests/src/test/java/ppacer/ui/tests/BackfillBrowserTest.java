package ppacer.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import ppacer.api.spi.BackfillState;
import ppacer.scheduler.model.BackfillProgress;

/**
 * The backfill form and list on a DAG page ({@code #/dags/branching}, every minute from 2026-01-01 UTC):
 * a preview (dry run) creates nothing, a started backfill shows its progress and ends SUCCEEDED, a
 * running one is cancelled from its button, with its runs. Its own scheduler: the backfills must not disturb the
 * other browser tests.
 */
class BackfillBrowserTest extends OwnSchedulerTest {

    private void range(Ui ui, String from, String to) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        js.executeScript("arguments[0].value = arguments[1]", ui.visible("#backfill-from"), from);
        js.executeScript("arguments[0].value = arguments[1]", ui.visible("#backfill-to"), to);
    }

    private BackfillProgress latest() {
        return live.scheduler.backfills(Optional.of("branching")).getFirst();
    }

    @Test
    void a_backfill_is_previewed_started_followed_and_cancelled_from_the_dag_page() {
        Ui ui = new Ui(browser.driver, live.uri(), TIMEOUT);
        ui.open("#/dags/branching");
        ui.textContains("#backfill-list", "No backfills.");

        range(ui, "2026-01-01", "2026-01-02");
        ui.click("#backfill-form button[data-key=backfill-preview]");
        ui.textContains("#backfill-preview", "1441 schedule point(s); nothing was created (preview).");
        ui.textContains("#backfill-preview [data-plan='New run']", "New run: 1441");
        assertTrue(live.scheduler.backfills(Optional.of("branching")).isEmpty(), "a preview creates nothing");

        range(ui, "2026-01-01", "2026-01-01");
        ui.click("#backfill-form button[data-key=backfill-start]");
        ui.textContains("#messages", "Backfill started");
        long first = latest().backfill().id();
        assertEquals("ui", latest().backfill().createdBy());
        ui.until(d -> live.scheduler.backfillProgress(first).backfill().state() == BackfillState.SUCCEEDED);
        ui.textContains("#backfills tr[data-backfill-id='" + first + "']", "SUCCEEDED");
        ui.textContains("#backfills tr[data-backfill-id='" + first + "']", "1/1");
        ui.present("#backfills tr[data-backfill-id='" + first + "'] progress[value='1']");

        range(ui, "2026-01-02", "2026-01-05");
        ui.visible("#backfill-maxActive").sendKeys("1");
        ui.click("#backfill-form button[data-key=backfill-start]");
        ui.until(d -> latest().backfill().id() != first);
        long second = latest().backfill().id();
        ui.click("#backfills tr[data-backfill-id='" + second + "'] button[data-key=backfill-" + second + "-cancel]");
        ui.click("#backfill-cancel-runs");
        ui.confirm();
        ui.until(d -> live.scheduler.backfillProgress(second).runsUnfinished() == 0);
        ui.textContains("#backfills tr[data-backfill-id='" + second + "']", "CANCELLED");
        BackfillProgress cancelled = live.scheduler.backfillProgress(second);
        assertEquals(BackfillState.CANCELLED, cancelled.backfill().state());
        assertTrue(cancelled.backfill().created() < cancelled.backfill().total(), cancelled.toString());
        assertEquals(0, ui.all("#backfills tr[data-backfill-id='" + second + "'] button").size(), "no action on a cancelled one");
    }
}
