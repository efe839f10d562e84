package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import ppacer.cli.client.RunProgress;

/** {@code trigger --wait}'s progress lines: a SKIPPED task with its reason, and the skipped count at the end. */
class RunProgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_skipped_task_is_printed_with_its_reason_and_counted_at_the_end() throws Exception {
        JsonNode run = JSON.readTree("""
                {"dagId": "branchy", "status": "SUCCESS", "duration": "1.5s", "tasks": [
                  {"taskId": "pick", "attempts": [{"attempt": 0, "status": "SUCCESS", "error": null, "reason": null,
                    "branch": ["left"]}]},
                  {"taskId": "left", "attempts": [{"attempt": 0, "status": "SUCCESS"}]},
                  {"taskId": "right", "attempts": [{"attempt": 0, "status": "SKIPPED", "error": null,
                    "reason": "branch not chosen: 'pick' chose [left]"}]},
                  {"taskId": "below", "attempts": [{"attempt": 0, "status": "UPSTREAM_FAILED",
                    "reason": "upstream failed: x"}]}]}
                """);
        StringWriter text = new StringWriter();
        new RunProgress(7).update(run, new PrintWriter(text));
        assertEquals(String.join("\n",
                "  pick                     SUCCESS",
                "  left                     SUCCESS",
                "  right                    SKIPPED: branch not chosen: 'pick' chose [left]",
                "  below                    UPSTREAM_FAILED: upstream failed: x",
                "Run 7 of branchy: SUCCESS in 1.5s (2/4 task attempts succeeded, 1 skipped)", ""),
                text.toString().replace(System.lineSeparator(), "\n"));
    }
}
