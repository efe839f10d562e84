package ppacer.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import ppacer.server.SchedulerServer;

/**
 * A viewer's API key in the UI: asked for once, its name and role shown, no operator action offered.
 * Its own scheduler: the first key created turns authentication on for the whole store, which the
 * other browser tests' scheduler must not see.
 */
class ViewerKeyBrowserTest extends OwnSchedulerTest {
    @Test
    void a_viewer_key_sees_no_operator_action() throws IOException, InterruptedException {
        try (SchedulerServer secured = live.serverWithToken("ui-secret")) {
            java.net.http.HttpResponse<String> created = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(secured.uri() + "/tokens"))
                            .header("Authorization", "Bearer ui-secret").header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"looker\",\"role\":\"viewer\"}"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, created.statusCode(), created.body());
            String key = created.body().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
            Ui other = new Ui(browser.driver, secured.uri(), TIMEOUT);
            other.open("#/dags");
            other.visible("#token-dialog[open] input[name=token]").sendKeys(key);
            other.click("#token-dialog button[value=ok]");
            other.present("#dags tr[data-dag-id=hello_world]");
            other.textContains("#whoami", "looker (viewer)");
            other.present("#dags tr[data-dag-id=hello_world] button[data-action=trigger]");
            other.until(d -> !d.findElement(By.cssSelector("#dags tr[data-dag-id=hello_world] button[data-action=trigger]"))
                    .isDisplayed());
        }
    }
}
