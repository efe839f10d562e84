package ppacer.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagTask;
import ppacer.api.PpacerException;
import ppacer.api.RetryDelay;
import ppacer.api.SkipTaskException;
import ppacer.api.Task;
import ppacer.api.TriggerRule;
import ppacer.api.schedule.CronSchedule;
import ppacer.api.schedule.FixedSchedule;
import ppacer.testkit.RecordingContext;

class ExampleDagsTest {
    private final DagRegistry registry = DagRegistry.load();

    private Dag dag(String id) {
        return registry.find(id).orElseThrow(() -> new AssertionError("no DAG " + id + " in " + registry.dags()));
    }

    private static Map<String, List<String>> edges(Dag dag, boolean parents) {
        return dag.tasks().stream().collect(Collectors.toMap(DagTask::id, t -> parents ? t.parents() : t.children()));
    }

    @Test
    void the_registry_loaded_through_the_service_loader_has_all_seven_examples() {
        assertEquals(Set.of("hello_world", "etl", "flaky", "shell", "branching", "fan_out", "file_sensor",
                "orders_producer", "orders_report"),
                registry.dags().stream().map(Dag::id).collect(Collectors.toSet()));
    }

    @Test
    void every_example_has_a_description_and_the_example_tag() {
        for (Dag dag : registry.dags()) {
            assertFalse(dag.description().isBlank(), dag.id());
            assertTrue(dag.tags().contains("example"), dag.id() + " tags " + dag.tags());
            assertTrue(dag.tags().size() >= 2, dag.id() + " tags " + dag.tags());
        }
    }

    @Test
    void hello_world_is_the_go_example_start_t21_t22_finish_every_10_seconds() {
        Dag dag = dag("hello_world");
        assertEquals(Map.of("start", List.of("t21", "t22"), "t21", List.of(), "t22", List.of("finish"),
                "finish", List.of()), edges(dag, false));
        assertEquals(Map.of("start", List.of(), "t21", List.of("start"), "t22", List.of("start"),
                "finish", List.of("t22")), edges(dag, true));
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(new FixedSchedule(start, Duration.ofSeconds(10)), dag.schedule().orElseThrow());
        assertFalse(dag.catchUp());
    }

    @Test
    void etl_fans_out_to_three_cleaners_and_in_to_load_every_5_minutes_utc() {
        Dag dag = dag("etl");
        assertEquals(Map.of("extract", List.of(), "clean_a", List.of("extract"), "clean_b", List.of("extract"),
                "clean_c", List.of("extract"), "load", List.of("clean_a", "clean_b", "clean_c"),
                "report", List.of("load")), edges(dag, true));
        CronSchedule cron = assertInstanceOf(CronSchedule.class, dag.schedule().orElseThrow());
        assertEquals("*/5 * * * *", cron.expression());
        assertEquals(ZoneOffset.UTC, cron.zone());
        assertEquals(Instant.parse("2026-03-01T10:05:00Z"), cron.next(Instant.parse("2026-03-01T10:00:00Z")));
        assertFalse(dag.catchUp());
        assertEquals(ppacer.api.OverlapPolicy.SKIP, dag.overlap(), "an overrunning run makes the next point skip");
        assertEquals(1, dag.maxActiveRuns());
        DagTask load = dag.task("load").orElseThrow();
        assertEquals(3, load.config().retries());
        assertInstanceOf(RetryDelay.Exponential.class, load.config().retryDelay());
        assertEquals(List.of("example", "etl"), dag.tags());
    }

    @Test
    void the_flaky_task_fails_on_attempt_0_and_passes_on_attempt_1() throws Exception {
        DagTask flaky = dag("flaky").task("flaky").orElseThrow();
        PpacerException e = assertThrows(PpacerException.class,
                () -> flaky.task().execute(context("flaky", "flaky", 0, "{}")));
        assertEquals("Task 'flaky' of run 7 fails on purpose on attempt 0 (failures=1); attempt 1 will succeed",
                e.getMessage());
        RecordingContext second = context("flaky", "flaky", 1, "{}");
        flaky.task().execute(second);
        assertEquals(List.of("INFO Succeeded on attempt 1"), second.texts());
        assertEquals(2, flaky.config().retries());
        assertEquals(RetryDelay.constant(Duration.ofSeconds(1)), flaky.config().retryDelay());
        assertTrue(dag("flaky").schedule().isEmpty(), "trigger only");
    }

    @Test
    void the_failures_parameter_makes_the_flaky_task_fail_more_attempts_than_its_retries() throws Exception {
        DagTask flaky = dag("flaky").task("flaky").orElseThrow();
        String params = "{\"failures\": 3}";
        for (int attempt = 0; attempt <= flaky.config().retries(); attempt++) {
            int a = attempt;
            PpacerException e = assertThrows(PpacerException.class,
                    () -> flaky.task().execute(context("flaky", "flaky", a, params)));
            assertTrue(e.getMessage().contains("(failures=3); attempt 3 will succeed"), e.getMessage());
        }
        RecordingContext restarted = context("flaky", "flaky", 3, params);
        flaky.task().execute(restarted);
        assertEquals(List.of("INFO Succeeded on attempt 3"), restarted.texts());
        flaky.task().execute(context("flaky", "flaky", 0, "{\"failures\":0}"));
        PpacerException bad = assertThrows(PpacerException.class,
                () -> flaky.task().execute(context("flaky", "flaky", 0, "{\"failures\":\"many\"}")));
        assertEquals("Run parameter 'failures' must be a whole number from 0 to 100 (how many attempts fail),"
                + " was \"many\"", bad.getMessage());
    }

    @Test
    void the_shell_dag_runs_every_command_successfully() throws Exception {
        Dag dag = dag("shell");
        assertTrue(dag.schedule().isEmpty(), "trigger only");
        List<String> paramsLines = new java.util.ArrayList<>();
        for (DagTask t : dag.tasks()) {
            RecordingContext ctx = context("shell", t.id(), 0, "{\"day\":\"2026-01-01\"}");
            t.task().execute(ctx);
            assertTrue(ctx.texts().getLast().endsWith("exited with code 0"), t.id() + ": " + ctx.texts());
            if (t.id().equals("print_params")) {
                paramsLines.addAll(ctx.texts());
            }
            if (t.id().equals("greet")) {
                assertTrue(ctx.texts().contains("INFO Hello from DAG shell, run 7"), ctx.texts()::toString);
            }
        }
        assertTrue(paramsLines.contains("INFO run params: {\"day\":\"2026-01-01\"}"), paramsLines::toString);
    }

    @Test
    void every_task_of_the_other_examples_succeeds_on_a_retry_attempt() {
        assertAll(registry.dags().stream().filter(d -> !d.id().equals("shell") && !d.id().equals("branching")
                        && !d.id().equals("fan_out") && !d.id().equals("file_sensor"))
                // fan_out's tasks read lists and items, file_sensor's wait for a file: their own tests below
                .flatMap(d -> d.tasks().stream().map(t -> () -> {
                    RecordingContext ctx = context(d.id(), t.id(), 1, "{}");
                    t.parents().forEach(p -> ctx.withInput(p, java.util.Map.of("rows", 100)));
                    t.task().execute(ctx);
                    assertFalse(ctx.texts().isEmpty(), d.id() + "." + t.id() + " logs something");
                })));
    }

    @Test
    void the_etl_steps_pass_row_counts_as_outputs() throws Exception {
        Dag dag = dag("etl");
        RecordingContext load = context("etl", "load", 0, "{}").withInput("clean_a", java.util.Map.of("rows", 10))
                .withInput("clean_b", java.util.Map.of("rows", 20)).withInput("clean_c", java.util.Map.of("rows", 12));
        dag.task("load").orElseThrow().task().execute(load);
        assertEquals(java.util.Map.of("rows", 42), load.output(java.util.Map.class));
        RecordingContext clean = context("etl", "clean_a", 0, "{}").withInput("extract", java.util.Map.of("rows", 1000));
        dag.task("clean_a").orElseThrow().task().execute(clean);
        int kept = ((Number) clean.output(java.util.Map.class).get("rows")).intValue();
        assertTrue(kept >= 900 && kept < 1000, "cleaning keeps 90-99 %: " + kept);
    }

    @Test
    void branching_chooses_full_or_delta_by_minute_and_short_circuits_every_third_minute() throws Exception {
        Dag dag = dag("branching");
        assertEquals(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS, dag.task("publish").orElseThrow().triggerRule());
        assertEquals(TriggerRule.ONE_FAILED, dag.task("alert_on_failure").orElseThrow().triggerRule());
        assertEquals("create_staging", dag.task("drop_staging").orElseThrow().teardown().orElseThrow().setupId());
        Task choose = dag.task("choose_load").orElseThrow().task();
        Task check = dag.task("check_inbox").orElseThrow().task();
        for (int minute = 0; minute < 3; minute++) {
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute);
            RecordingContext ctx = new RecordingContext("branching", "choose_load", 7, at, 0, "{}")
                    .withChildren("load_full", "load_delta");
            choose.execute(ctx);
            assertEquals(java.util.Optional.of(List.of(minute == 0 ? "load_full" : "load_delta")), ctx.branchChoice());
            RecordingContext checkCtx = new RecordingContext("branching", "check_inbox", 7, at, 0, "{}");
            if (minute == 2) {
                SkipTaskException skip = assertThrows(SkipTaskException.class, () -> check.execute(checkCtx));
                assertEquals("no new files in the inbox for 2026-01-01T00:02:00Z", skip.getMessage());
            } else {
                check.execute(checkCtx);
            }
        }
    }

    /** An attempt of run 7 at 2026-01-01T00:05:00Z. */
    private static RecordingContext context(String dagId, String taskId, int attempt, String paramsJson) {
        return new RecordingContext(dagId, taskId, 7, Instant.parse("2026-01-01T00:05:00Z"), attempt, paramsJson);
    }

    @Test
    void fan_out_maps_process_file_over_the_files_listed_and_summarise_reduces_them() throws Exception {
        Dag dag = dag("fan_out");
        assertEquals(Map.of("list_files", List.of(), "process_file", List.of("list_files"), "summarise",
                List.of("process_file")), edges(dag, true));
        assertEquals(java.util.Optional.of(new ppacer.api.TaskMapping.OverOutput("list_files")),
                dag.task("process_file").orElseThrow().mapping());
        assertTrue(dag.schedule().isEmpty(), "triggered by hand");
        for (int minute = 0; minute < 4; minute++) {
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute);
            RecordingContext ctx = new RecordingContext("fan_out", "list_files", 1, at, 0, "{}");
            dag.task("list_files").orElseThrow().task().execute(ctx);
            assertEquals(FanOutDag.files(ctx), ctx.output(List.class));
            assertEquals(2 + minute, FanOutDag.files(ctx).size());
        }
        RecordingContext instance = new RecordingContext("fan_out", "process_file[1]", 1, Instant.EPOCH, 0, "{}")
                .withMapItem(1, "inbox/orders-b.csv");
        dag.task("process_file").orElseThrow().task().execute(instance);
        assertEquals(180, instance.output(Integer.class));
        RecordingContext summarise = new RecordingContext("fan_out", "summarise", 1, Instant.EPOCH, 0, "{}")
                .withInput("process_file", List.of(180, 180, 180));
        dag.task("summarise").orElseThrow().task().execute(summarise);
        assertEquals(540, summarise.output(Integer.class));
    }

    @Test
    void file_sensor_defers_until_a_csv_is_in_the_inbox_then_loads_it() throws Exception {
        Dag dag = dag("file_sensor");
        assertEquals(Map.of("wait_for_csv", List.of("load_csv"), "load_csv", List.of()), edges(dag, false));
        assertTrue(dag.schedule().isEmpty(), "trigger only");
        ppacer.tasks.Sensor sensor = assertInstanceOf(ppacer.tasks.Sensor.class, dag.task("wait_for_csv").orElseThrow().task());
        assertTrue(sensor.exponentialBackoff());
        java.nio.file.Path csv = FileSensorDag.INBOX.resolve("example-test-" + System.nanoTime() + ".csv");
        boolean hadCsv;
        java.nio.file.Files.createDirectories(FileSensorDag.INBOX);
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(FileSensorDag.INBOX)) {
            hadCsv = files.anyMatch(p -> p.toString().endsWith(".csv"));
        }
        if (!hadCsv) { // another process's file would meet the condition: then only the met half is checked
            assertThrows(ppacer.api.TaskDeferredException.class, () -> sensor.execute(new RecordingContext()));
        }
        java.nio.file.Files.writeString(csv, "id\n1\n");
        try {
            sensor.execute(new RecordingContext());
            RecordingContext load = new RecordingContext();
            dag.task("load_csv").orElseThrow().task().execute(load);
            assertTrue(((Number) load.output(Map.class).get("files")).intValue() >= 1);
        } finally {
            java.nio.file.Files.deleteIfExists(csv);
        }
    }

    @Test
    void the_asset_pair_produces_and_consumes_warehouse_orders() throws Exception {
        Dag producer = dag("orders_producer");
        Dag consumer = dag("orders_report");
        assertEquals(List.of("warehouse.orders"), producer.produces("load_orders"));
        assertEquals(List.of(), producer.produces("extract_orders"));
        assertTrue(producer.schedule().isEmpty() && producer.assetCondition().isEmpty(), "trigger only");
        assertEquals("warehouse.orders", consumer.assetCondition().orElseThrow().describe());
        assertTrue(consumer.schedule().isEmpty(), "assets only");
        RecordingContext report = new RecordingContext();
        consumer.task("report").orElseThrow().task().execute(report);
        assertTrue(report.texts().contains("INFO Reporting on 0 new event(s) of warehouse.orders"), report.texts()::toString);
    }
}
