package ppacer.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import ppacer.server.SchedulerServer;

/**
 * An operator key scoped to DAG patterns ({@code --dags 'fails_*'}) in the UI: the actions on the DAGs
 * it matches are offered, those on every other DAG are hidden (their pause toggle shown, inert), in the
 * DAG list, on a DAG's page and on a run's page. Its own scheduler: the first key created turns
 * authentication on for the whole store.
 */
class ScopedKeyBrowserTest extends OwnSchedulerTest {
    /** @return whether the element is displayed, empty while it is missing or being replaced by a refresh */
    private static Optional<Boolean> displayed(Ui ui, String css) {
        try {
            List<WebElement> found = ui.all(css);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst().isDisplayed());
        } catch (StaleElementReferenceException e) {
            return Optional.empty();
        }
    }

    private static boolean hidden(Ui ui, String css) {
        return displayed(ui, css).equals(Optional.of(false));
    }

    private static boolean shown(Ui ui, String css) {
        return displayed(ui, css).equals(Optional.of(true));
    }

    @Test
    void a_scoped_key_sees_the_actions_of_its_dags_only() throws IOException, InterruptedException {
        long otherRun = live.branchedRun();
        try (SchedulerServer secured = live.serverWithToken("ui-secret")) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(secured.uri() + "/tokens")).header("Authorization", "Bearer ui-secret")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"fails-ops\",\"role\":\"operator\",\"dags\":[\"fails_*\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, created.statusCode(), created.body());
            String key = created.body().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
            Ui ui = new Ui(browser.driver, secured.uri(), TIMEOUT);
            ui.open("#/dags");
            ui.visible("#token-dialog[open] input[name=token]").sendKeys(key);
            ui.click("#token-dialog button[value=ok]");
            ui.textContains("#whoami", "fails-ops (operator)");

            String mine = "#dags tr[data-dag-id=" + LiveScheduler.FAILS_ONCE + "] ";
            String other = "#dags tr[data-dag-id=hello_world] ";
            ui.present(mine + "button[data-action=trigger]");
            ui.present(other + "button[data-action=trigger]");
            ui.until(d -> hidden(ui, other + "button[data-action=trigger]"));
            ui.until(d -> shown(ui, mine + "button[data-action=trigger]")); // its own DAG's trigger is offered
            ui.until(d -> shown(ui, other + "button[data-action=pause]")); // another DAG's state is still shown
            assertEquals("none", ui.driver().findElement(By.cssSelector(other + "button[data-action=pause]"))
                    .getCssValue("pointer-events"), "but cannot be toggled");
            assertEquals("auto", ui.driver().findElement(By.cssSelector(mine + "button[data-action=pause]"))
                    .getCssValue("pointer-events"), "its own DAG's toggle works");

            ui.open("#/dags/hello_world");
            ui.present("button[data-action=trigger]");
            ui.until(d -> hidden(ui, "button[data-action=trigger]"));
            ui.present("[data-key=backfill-start]");
            ui.until(d -> hidden(ui, "[data-key=backfill-start]"));

            ui.open("#/dags/" + LiveScheduler.FAILS_ONCE);
            ui.present("button[data-action=trigger]");
            ui.until(d -> shown(ui, "button[data-action=trigger]")); // its own DAG (unscheduled: no backfill form)

            ui.open("#/runs/" + otherRun);
            ui.present("#tasks button[data-action=clear]");
            ui.until(d -> hidden(ui, "#tasks button[data-action=clear]"));
        }
    }
}
