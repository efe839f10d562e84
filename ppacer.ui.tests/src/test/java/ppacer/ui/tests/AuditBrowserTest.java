package ppacer.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.scheduler.model.Actor;

/**
 * The audit log in the UI: pausing a DAG from the DAGs page writes exactly one row, which the Audit
 * page lists with its actor, address, target and states; its filters (kept in the link) narrow the
 * list. Its own scheduler: its actions must not change what the other browser tests see.
 */
class AuditBrowserTest extends OwnSchedulerTest {
    private static List<AuditEntry> rows() {
        return live.scheduler.store().audit().list(AuditQuery.all(100)).stream().map(AuditRecord::entry).toList();
    }

    @Test
    void a_pause_from_the_ui_is_one_row_listed_and_filtered_on_the_audit_page() {
        Ui ui = new Ui(browser.driver, live.uri(), TIMEOUT);
        String dag = LiveScheduler.FAILS_ONCE;
        ui.open("#/dags");
        ui.click("button[data-key='pause-" + dag + "']");
        ui.confirm();
        ui.until(d -> rows().size() == 1);
        AuditEntry e = rows().getFirst();
        assertEquals("dag.pause", e.action());
        assertEquals("anonymous", e.actor());
        assertEquals(java.util.Optional.of(dag), e.target().dagId());
        live.scheduler.unpause(dag, Actor.named("deploy-bot"));
        assertEquals(2, rows().size());

        ui.open("#/audit");
        ui.present("#audit tbody tr[data-action='dag.unpause']");
        String pause = "#audit tbody tr[data-action='dag.pause']";
        ui.textContains(pause, "anonymous");
        ui.textContains(pause, dag);
        ui.textContains(pause, "active");
        ui.textContains(pause, "paused");
        ui.textContains("#audit tbody tr[data-action='dag.unpause']", "deploy-bot");
        assertEquals(2, ui.all("#audit tbody tr").size());

        new Select(ui.visible("#audit-action")).selectByValue("dag.pause");
        ui.click("#audit-filters button[type=submit]");
        ui.until(ExpectedConditions.urlContains("action=dag.pause"));
        ui.until(d -> ui.all("#audit tbody tr").size() == 1);
        assertTrue(ui.all("#audit tbody tr[data-action='dag.pause']").size() == 1);
        assertEquals("dag.pause", new Select(ui.visible("#audit-action")).getFirstSelectedOption().getAttribute("value"),
                "the filter is kept in the link");

        ui.open("#/audit?dag=nothing_here");
        ui.textContains("#audit-empty", "No operator action matches");
    }
}
