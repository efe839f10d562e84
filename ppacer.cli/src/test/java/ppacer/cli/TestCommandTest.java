package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ppacer test}: the example DAGs run in process on an in-memory store, with the real scheduler
 * and executor; nothing is written to the working directory and no port is opened.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TestCommandTest {
    @TempDir
    Path dir;

    /** A finished {@code ppacer test ...}: its output and exit code. */
    private record Ran(Console console, int code) {
        String out() {
            return console.out();
        }

        String err() {
            return console.err();
        }
    }

    private Ran test(String... args) {
        Console c = new Console(Map.of(), dir);
        return new Ran(c, c.execute(Stream.concat(Stream.of("test"), Stream.of(args)).toArray(String[]::new)));
    }

    private static List<String> summaryRow(Ran c, String taskId) {
        return c.out().lines().filter(l -> l.startsWith(taskId + " ")).filter(l -> !l.contains("#"))
                .map(l -> List.of(l.trim().split("\\s+"))).toList().getLast();
    }

    @Test
    void hello_world_runs_every_task_prints_their_logs_and_a_summary_and_exits_0() throws Exception {
        Ran c = test("hello_world", "--logical-time", "2026-03-01T12:00:00Z");
        assertEquals(0, c.code(), c.out() + c.err());
        String out = c.out();
        assertTrue(out.contains("Testing hello_world: run 1, logical time 2026-03-01T12:00:00Z, 4 tasks,"
                + " in-memory store, no server"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("start#0") && l.contains("INFO  Hello, world! Starting the run")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("finish#0") && l.endsWith("SUCCESS")), out);
        assertTrue(out.contains("Run 1 of hello_world: SUCCESS"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("TASK +STATUS +ATTEMPTS +DURATION +REASON")), out);
        for (String task : List.of("start", "t21", "t22", "finish")) {
            List<String> row = summaryRow(c, task);
            assertEquals(List.of(task, "SUCCESS", "1"), row.subList(0, 3), out);
            assertTrue(row.get(3).matches("\\d+\\.\\d{3}s"), "a duration: " + row);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing written to the working directory");
        }
    }

    @Test
    void a_failing_run_exits_1_after_its_retries_and_names_the_error() {
        Ran c = test("flaky", "--params", "{\"failures\":3}");
        assertEquals(1, c.code(), c.out() + c.err());
        String out = c.out();
        assertTrue(out.contains("Run 1 of flaky: FAILED"), out);
        for (int attempt = 0; attempt < 3; attempt++) {
            int a = attempt;
            assertTrue(out.lines().anyMatch(l -> l.startsWith("flaky#" + a) && l.contains("fails on purpose on attempt " + a)),
                    "attempt " + a + " ran and logged: " + out);
        }
        assertEquals(List.of("flaky", "FAILED", "3"), summaryRow(c, "flaky").subList(0, 3), out);
        assertEquals(List.of("done", "UPSTREAM_FAILED", "1", "-"), summaryRow(c, "done").subList(0, 4), out);
    }

    @Test
    void retries_are_honoured_and_no_retries_turns_them_off() {
        Ran retried = test("flaky");
        assertEquals(0, retried.code(), retried.out() + retried.err());
        assertTrue(retried.out().contains("Run 1 of flaky: SUCCESS"), retried.out());
        assertEquals(List.of("flaky", "SUCCESS", "2"), summaryRow(retried, "flaky").subList(0, 3), retried.out());
        assertTrue(retried.out().lines().anyMatch(l -> l.startsWith("flaky#0") && l.contains("FAILED_PENDING_RETRY")),
                retried.out());

        Ran once = test("flaky", "--no-retries");
        assertTrue(once.out().contains("Run 1 of flaky: FAILED"), once.out());
        assertEquals(List.of("flaky", "FAILED", "1"), summaryRow(once, "flaky").subList(0, 3), once.out());
        assertEquals(1, once.code());
    }

    @Test
    void task_runs_that_task_alone() {
        Ran c = test("hello_world", "--task", "t22");
        assertEquals(0, c.code(), c.out() + c.err());
        String out = c.out();
        assertTrue(out.contains("1 task,"), out);
        assertTrue(out.contains("t22#0") && out.contains("Hello from t22"), out);
        assertFalse(out.contains("start#0") || out.contains("finish#0") || out.contains("Hello, world!"),
                "neither upstream nor downstream ran: " + out);
        assertEquals(List.of("t22", "SUCCESS", "1"), summaryRow(c, "t22").subList(0, 3), out);
    }

    @Test
    void a_mapped_task_runs_as_one_instance_per_item() {
        Ran c = test("fan_out", "--logical-time", "2026-01-01T00:01:00Z");
        assertEquals(0, c.code(), c.out() + c.err());
        assertTrue(c.out().contains("Processing inbox/orders-c.csv (instance 2)"), c.out());
        assertTrue(c.out().contains("3 files, 540 rows in all"), c.out());
        assertEquals(List.of("process_file[2]", "SUCCESS", "1"), summaryRow(c, "process_file[2]").subList(0, 3), c.out());
    }

    @Test
    void a_branch_task_alone_logs_its_choice_and_succeeds() {
        Ran c = test("branching", "--task", "choose_load", "--logical-time", "2026-01-01T00:00:00Z");
        assertEquals(0, c.code(), c.out() + c.err());
        assertTrue(c.out().contains("Branch chose [load_full] (not run: ppacer test --task runs this task alone)"),
                c.out());
    }

    @Test
    void the_machinery_logs_only_warnings_unless_verbose() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord r) {
                seen.add(r.getLevel() + " " + r.getLoggerName());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger scheduler = Logger.getLogger("ppacer.scheduler.Scheduler");
        scheduler.addHandler(recorder);
        try {
            assertEquals(0, test("hello_world").code());
            assertEquals(List.of(), seen, "no INFO lines of the scheduler by default");
            assertEquals(0, test("hello_world", "--verbose").code());
            assertTrue(seen.contains("INFO ppacer.scheduler.Scheduler"), seen.toString());
        } finally {
            scheduler.removeHandler(recorder);
        }
    }

    @Test
    void unknown_dag_task_params_or_time_exit_2_naming_what_is_known() {
        Ran dag = test("no_such_dag");
        assertEquals(2, dag.code());
        assertTrue(dag.err().contains("Unknown DAG 'no_such_dag'; known DAGs: [hello_world, etl, flaky, shell,"
                + " branching, fan_out, file_sensor, orders_producer, orders_report]"), dag.err());

        Ran task = test("hello_world", "--task", "nope");
        assertEquals(2, task.code());
        assertTrue(task.err().contains("DAG 'hello_world' has no task 'nope'; its tasks: [start, t21, t22, finish]"),
                task.err());

        Ran time = test("hello_world", "--logical-time", "yesterday");
        assertEquals(2, time.code());
        assertTrue(time.err().contains("--logical-time 'yesterday' is not an ISO-8601 instant; expected e.g."
                + " 2026-01-01T00:00:00Z"), time.err());

        Ran params = test("hello_world", "--params", "[1]");
        assertEquals(2, params.code());
        assertTrue(params.err().contains("must be a JSON object"), params.err());
    }

    @Test
    void one_task_reads_the_parents_outputs_given_with_input() {
        Ran c = test("etl", "--task", "load", "--input", "clean_a={\"rows\":10}", "--input", "clean_b={\"rows\":20}",
                "--input", "clean_c={\"rows\":12}");
        assertEquals(0, c.code(), c.out() + c.err());
        assertTrue(c.out().lines().anyMatch(l -> l.startsWith("load#0") && l.contains("Loading cleaned rows into the"
                + " warehouse for ") && l.endsWith(": 42 rows")), c.out());

        Ran missing = test("etl", "--task", "load", "--input", "clean_a={\"rows\":10}", "--no-retries");
        assertEquals(1, missing.code(), missing.out() + missing.err());
        assertTrue(missing.out().contains("Task 'clean_b', a parent of 'load', stored no output: give it with"
                + " --input clean_b=JSON"), missing.out());

        Ran notParent = test("etl", "--task", "load", "--input", "extract={}");
        assertEquals(2, notParent.code(), notParent.out() + notParent.err());
        assertTrue(notParent.err().contains("--input extract: 'extract' is not a parent of 'load'; its parents:"
                + " [clean_a, clean_b, clean_c]"), notParent.err());
        Ran notJson = test("etl", "--task", "load", "--input", "clean_a={rows");
        assertEquals(2, notJson.code(), notJson.out() + notJson.err());
        assertTrue(notJson.err().contains("--input clean_a: '{rows' is not JSON"), notJson.err());
        Ran whole = test("etl", "--input", "clean_a={}");
        assertEquals(2, whole.code(), whole.out() + whole.err());
        assertTrue(whole.err().contains("--input goes with --task"), whole.err());
    }

    @Test
    void the_etl_example_passes_row_counts_from_step_to_step() {
        Ran c = test("etl", "--logical-time", "2026-03-01T12:00:00Z");
        assertEquals(0, c.code(), c.out() + c.err());
        assertTrue(c.out().lines().anyMatch(l -> l.startsWith("report#0") && l.matches(".*: \\d+ rows$")), c.out());
    }
}
