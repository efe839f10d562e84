package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.testkit.Tasks;

/** Trigger parameters meet one set of limits, with one message, through the Java API and over HTTP. */
class RunParamsLimitsTest {
    @TempDir
    Path dir;

    /** A JSON object {@code levels} containers deep (the outer object is level 1). */
    private static String nested(int levels) {
        return "{\"a\":".repeat(levels - 1) + "[]" + "}".repeat(levels - 1);
    }

    @Test
    void params_nested_beyond_the_limit_are_refused_with_the_same_message_by_the_java_api_and_http() {
        Tasks tasks = new Tasks();
        Dag single = Dag.builder("single").root(Node.of(tasks.ok("only"))).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(single), Optional.empty(), false)) {
            String atLimit = nested(32);
            assertTrue(api.scheduler.trigger("single", atLimit) > 0);
            ApiHarness.Answer ok = api.post("/dag/run/trigger", "{\"dagId\":\"single\",\"params\":" + atLimit + "}");
            assertEquals(200, ok.status(), ok.body());

            String tooDeep = nested(33);
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> api.scheduler.trigger("single", tooDeep));
            assertTrue(refused.getMessage().contains("33") && refused.getMessage().contains("32"), refused.getMessage());
            ApiHarness.Answer bad = api.post("/dag/run/trigger", "{\"dagId\":\"single\",\"params\":" + tooDeep + "}");
            assertEquals(400, bad.status(), bad.body());
            assertEquals(refused.getMessage(), bad.error(), bad.body());
        }
    }

    @Test
    void params_larger_than_the_limit_are_refused_naming_the_size_and_the_limit() {
        Tasks tasks = new Tasks();
        Dag single = Dag.builder("single").root(Node.of(tasks.ok("only"))).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(single), Optional.empty(), false)) {
            int limit = 256 * 1024;
            String prefix = "{\"s\":\"";
            String suffix = "\"}";
            // two-byte characters: the limit counts UTF-8 bytes, not chars
            String atLimit = prefix + "é".repeat((limit - prefix.length() - suffix.length()) / 2) + suffix;
            assertEquals(limit, atLimit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertTrue(api.scheduler.trigger("single", atLimit) > 0);

            String over = prefix + "é".repeat((limit - prefix.length() - suffix.length()) / 2) + "x" + suffix;
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> api.scheduler.trigger("single", over));
            assertTrue(refused.getMessage().contains(Integer.toString(limit + 1))
                    && refused.getMessage().contains(Integer.toString(limit)), refused.getMessage());
        }
    }
}
