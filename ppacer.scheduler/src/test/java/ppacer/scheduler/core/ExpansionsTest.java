package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import ppacer.api.TaskOutput;
import ppacer.api.TaskOutputException;
import ppacer.api.spi.TaskExpansion;

class ExpansionsTest {
    private static Optional<TaskOutput> json(String text) {
        return Optional.of(TaskOutput.json(text));
    }

    private static String list(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"file\":\"f" + i + ".csv\"}").collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void a_list_of_0_1_and_1000_items_expands_to_that_many_instances() {
        assertEquals(new TaskExpansion("load", 0), Expansions.of("extract", "load", json(" [ ] "), 1024));
        assertEquals(new TaskExpansion("load", 1), Expansions.of("extract", "load", json("[\"a\"]"), 1024));
        assertEquals(new TaskExpansion("load", 1000), Expansions.of("extract", "load", json(list(1000)), 1024));
        assertEquals(new TaskExpansion("load", 1024), Expansions.of("extract", "load", json(list(1024)), 1024),
                "exactly the limit is accepted");
    }

    @Test
    void each_instance_gets_its_item_as_json_text() {
        Optional<TaskOutput> out = json("[ 1, \"two, with a comma ]\", {\"k\": [3, 4]}, null , [ ] ]");
        assertEquals(List.of("1", "\"two, with a comma ]\"", "{\"k\": [3, 4]}", "null", "[ ]"),
                IntStream.range(0, 5).mapToObj(i -> Expansions.item("extract", "load", out, i)).toList());
        TaskOutputException e = assertThrows(TaskOutputException.class, () -> Expansions.item("extract", "load", out, 5));
        assertEquals("Task 'extract' output has 5 items; mapped task 'load' has no item 5", e.getMessage());
        assertEquals("{\"file\":\"f999.csv\"}", Expansions.item("extract", "load", json(list(1000)), 999));
    }

    @Test
    void more_items_than_the_limit_fail_the_parent_naming_the_task_the_count_and_the_limit() {
        TaskOutputException e = assertThrows(TaskOutputException.class,
                () -> Expansions.of("extract", "load", json(list(1025)), 1024));
        assertEquals("Task 'extract' returned a list of 1025 items for mapped task 'load'; the limit is 1024 items per "
                + "expansion (maxMapItems)", e.getMessage());
        e = assertThrows(TaskOutputException.class, () -> Expansions.of("extract", "load", json("[1,2,3]"), 2));
        assertTrue(e.getMessage().contains("a list of 3 items") && e.getMessage().contains("the limit is 2 items"),
                e.getMessage());
    }

    @Test
    void an_output_that_is_not_a_json_list_fails_the_parent_saying_what_it_is() {
        assertEquals("Task 'extract' must return a JSON list for mapped task 'load', but it returned no output",
                assertThrows(TaskOutputException.class, () -> Expansions.of("extract", "load", Optional.empty(), 10))
                        .getMessage());
        assertEquals("Task 'extract' must return a JSON list for mapped task 'load', but its output is text/csv (3 bytes)",
                assertThrows(TaskOutputException.class, () -> Expansions.of("extract", "load",
                        Optional.of(new TaskOutput("text/csv", new byte[] {'a', ',', 'b'})), 10)).getMessage());
        assertEquals("Task 'extract' must return a JSON list for mapped task 'load': expected a JSON list starting with "
                + "'[' at offset 0", assertThrows(TaskOutputException.class,
                () -> Expansions.of("extract", "load", json("{\"files\":[]}"), 10)).getMessage());
        assertEquals("Task 'extract' must return a JSON list for mapped task 'load': invalid JSON: expected ']' at offset 3",
                assertThrows(TaskOutputException.class, () -> Expansions.of("extract", "load", json("[1 2]"), 10))
                        .getMessage());
        assertEquals("Task 'extract' must return a JSON list for mapped task 'load': unexpected text after the list at "
                + "offset 4", assertThrows(TaskOutputException.class,
                () -> Expansions.of("extract", "load", json("[1] [2]"), 10)).getMessage());
    }

    @Test
    void instance_ids_carry_the_index_in_brackets_within_the_count() {
        TaskExpansion e = new TaskExpansion("load", 3);
        assertEquals(List.of("load[0]", "load[1]", "load[2]"), IntStream.range(0, 3).mapToObj(e::instanceId).toList());
        assertEquals("Mapped task 'load' has 3 instances; no index 3",
                assertThrows(IndexOutOfBoundsException.class, () -> e.instanceId(3)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> e.instanceId(-1));
    }
}
