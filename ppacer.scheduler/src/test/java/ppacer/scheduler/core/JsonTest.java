package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;

class JsonTest {
    @Test
    void task_config_keeps_fractional_seconds_and_every_field() {
        TaskConfig c = TaskConfig.builder().timeout(Duration.ofMillis(100)).retries(2)
                .retryDelay(RetryDelay.exponential(Duration.ofMillis(1500), 2.0, Duration.ofMinutes(1), 0.1))
                .alertOnRetry(true).priorityWeight(7).build();
        assertEquals("{\"timeoutSeconds\":0.1,\"retries\":2,\"retryDelay\":{\"type\":\"exponential\",\"initialSeconds\":1.5,"
                + "\"multiplier\":2,\"capSeconds\":60,\"jitter\":0.1},\"alertOnRetry\":true,\"alertOnFailure\":true,"
                + "\"priorityWeight\":7}", Json.taskConfig(c));
        assertEquals("{\"timeoutSeconds\":600,\"retries\":0,\"retryDelay\":{\"type\":\"constant\",\"seconds\":0},"
                + "\"alertOnRetry\":false,\"alertOnFailure\":true,\"priorityWeight\":1}", Json.taskConfig(TaskConfig.DEFAULT));
    }

    @Test
    void only_a_single_json_object_is_valid_run_parameters() {
        assertNull(Json.objectError("{}", RunParams.MAX_DEPTH));
        assertNull(Json.objectError(" {\"a\": [1, -2.5e3, true, null, {\"b\": \"x\\u00e9\\n\"}]} ", RunParams.MAX_DEPTH));
        assertNotNull(Json.objectError("[]", RunParams.MAX_DEPTH));
        assertNotNull(Json.objectError("{\"a\":1", RunParams.MAX_DEPTH));
        assertNotNull(Json.objectError("{\"a\":01}", RunParams.MAX_DEPTH));
        assertNotNull(Json.objectError("{} {}", RunParams.MAX_DEPTH));
        assertNotNull(Json.objectError("{'a':1}", RunParams.MAX_DEPTH));
        assertNotNull(Json.objectError("", RunParams.MAX_DEPTH));
    }

    @Test
    void run_parameters_nest_at_most_to_the_limit_and_the_refusal_names_the_level_and_the_limit() {
        assertNull(Json.objectError("{\"a\":{\"b\":[1]}}", 3));
        assertEquals("nesting reaches level 4 at offset 11; the limit is 3 levels",
                Json.objectError("{\"a\":{\"b\":[[1]]}}", 3));
        assertEquals("nesting reaches level " + (RunParams.MAX_DEPTH + 1) + " at offset " + (5 * RunParams.MAX_DEPTH)
                + "; the limit is " + RunParams.MAX_DEPTH + " levels", RunParams.problem(
                "{\"a\":".repeat(RunParams.MAX_DEPTH) + "{}" + "}".repeat(RunParams.MAX_DEPTH)).orElseThrow());
    }

    @Test
    void quote_escapes_control_characters() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.quote("a\"b\\c\n\u0001"));
    }
}
