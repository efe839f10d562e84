package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.TaskStatus.FAILED;
import static ppacer.api.TaskStatus.SKIPPED;
import static ppacer.api.TaskStatus.SUCCESS;
import static ppacer.api.TaskStatus.UPSTREAM_FAILED;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagDefinitionException;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskOutput;
import ppacer.api.TaskStatus;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskExpansion;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/** Dynamic task mapping on the real core and SQLite: expansion, instances, reduce, limits, failures, recovery. */
class MappingTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    /** extract -> load (mapped over extract) -> report. */
    private Dag etl(TaskConfig loadConfig) {
        Node extract = Node.of(tasks.ok("extract"));
        Node load = Node.of(tasks.ok("load"), loadConfig).mapOver("extract");
        extract.then(load).then(Node.of(tasks.ok("report")));
        return Dag.builder("etl").root(extract).build();
    }

    private static long trigger(CoreFixture f, String dagId) {
        return f.watcher.trigger(f.registry.find(dagId).orElseThrow(), "{}", T0);
    }

    private static TaskOutcome output(String json) {
        return TaskOutcome.success(Optional.empty(), Optional.of(TaskOutput.json(json)));
    }

    private static String list(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** Hands out and reports everything queued with the script's outcome; returns the leases in hand-out order. */
    private static List<TaskLease> play(CoreFixture f, Function<TaskLease, TaskOutcome> script) {
        List<TaskLease> leases = new ArrayList<>();
        for (int round = 0; round < 100_000; round++) {
            Optional<QueuedTask> e = f.queue.poll();
            if (e.isEmpty()) {
                return leases;
            }
            Optional<TaskLease> l = f.attempts.handOut(e.get(), "exec-1");
            if (l.isPresent()) {
                leases.add(l.get());
                ReportResult r = f.attempts.report(l.get().key(), l.get().token(), script.apply(l.get()));
                assertTrue(r.accepted(), l.get().key() + ": " + r.message());
            }
        }
        throw new AssertionError("the run did not settle");
    }

    /** extract lists n numbers, each instance outputs its item times two, report reads the list. */
    private static TaskOutcome doubling(TaskLease l, int n) {
        if (l.taskId().equals("extract")) {
            return output(list(n));
        }
        if (l.item().isPresent()) {
            return output(Integer.toString(2 * Integer.parseInt(l.item().get().json())));
        }
        return TaskOutcome.success();
    }

    private static Map<String, Integer> attemptsPerTask(CoreFixture f, long run) {
        Map<String, Integer> out = new TreeMap<>();
        for (TaskAttemptRecord r : f.store.attempts().latest(run)) {
            out.put(r.key().taskId(), f.store.attempts().attempts(run, r.key().taskId()).size());
        }
        return out;
    }

    private void expandsAndReduces(int n) {
        try (CoreFixture f = new CoreFixture(dir, T0, etl(TaskConfig.DEFAULT))) {
            long run = trigger(f, "etl");
            List<TaskLease> leases = play(f, l -> doubling(l, n));
            Map<String, TaskStatus> expected = new TreeMap<>();
            expected.put("extract", SUCCESS);
            expected.put("report", SUCCESS);
            for (int k = 0; k < n; k++) {
                expected.put("load[" + k + "]", SUCCESS);
            }
            assertEquals(expected, RunPlayer.statuses(f, run), "the mapped task has no attempt of its own");
            assertTrue(attemptsPerTask(f, run).values().stream().allMatch(c -> c == 1), "each instance ran once");
            for (TaskLease l : leases) {
                if (l.taskId().startsWith("load[")) {
                    assertEquals("load[" + l.item().orElseThrow().index() + "]", l.taskId());
                    assertEquals(Integer.toString(l.item().get().index()), l.item().get().json(), "its own item");
                    assertFalse(l.inputs().containsKey("extract"), "the instance gets its item, not the whole list");
                } else {
                    assertTrue(l.item().isEmpty(), l.taskId());
                }
            }
            TaskLease report = leases.getLast();
            assertEquals("report", report.taskId());
            assertEquals(IntStream.range(0, n).mapToObj(k -> Integer.toString(2 * k)).collect(Collectors.joining(",", "[", "]")),
                    report.inputs().get("load").text(), "the child reads the instances' outputs in index order");
            assertEquals(List.of(new TaskExpansion("load", n)), f.store.attempts().expansions(run));
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void one_item_makes_one_instance() {
        expandsAndReduces(1);
    }

    @Test
    void a_thousand_items_make_a_thousand_instances_and_the_child_reads_their_outputs_in_order() {
        expandsAndReduces(1000);
    }

    @Test
    void zero_items_skip_the_mapped_task_and_its_children_follow_their_rules() {
        try (CoreFixture f = new CoreFixture(dir, T0, etl(TaskConfig.DEFAULT))) {
            long run = trigger(f, "etl");
            play(f, l -> l.taskId().equals("extract") ? output(" [ ] ") : TaskOutcome.success());
            assertEquals(Map.of("extract", SUCCESS, "load", SKIPPED, "report", SKIPPED), RunPlayer.statuses(f, run));
            assertEquals(Optional.of("mapped over an empty list: 'extract' returned []"),
                    RunPlayer.latest(f, run, "load").reason());
            assertEquals(Optional.of("upstream skipped: 'load' is SKIPPED"), RunPlayer.latest(f, run, "report").reason());
            assertEquals(List.of(new TaskExpansion("load", 0)), f.store.attempts().expansions(run));
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void a_task_mapped_over_a_mapped_task_gets_one_instance_per_instance_with_its_output_then_a_child_reduces() {
        Node extract = Node.of(tasks.ok("extract"));
        Node load = Node.of(tasks.ok("load")).mapOver("extract");
        Node check = Node.of(tasks.ok("check")).mapOver("load");
        extract.then(load).then(check).then(Node.of(tasks.ok("summary")));
        try (CoreFixture f = new CoreFixture(dir, T0, Dag.builder("chain").root(extract).build())) {
            long run = trigger(f, "chain");
            List<TaskLease> leases = play(f, l -> switch (l.taskId().replaceAll("\\[.*", "")) {
                case "extract" -> output("[\"a\",\"b\",\"c\"]");
                case "load" -> output("{\"file\":" + l.item().orElseThrow().json() + "}");
                case "check" -> output(l.item().orElseThrow().json().replace("file", "checked"));
                default -> TaskOutcome.success();
            });
            Map<String, String> checkItems = new LinkedHashMap<>();
            leases.stream().filter(l -> l.taskId().startsWith("check[")).forEach(l -> checkItems.put(l.taskId(), l.item().orElseThrow().json()));
            assertEquals(Map.of("check[0]", "{\"file\":\"a\"}", "check[1]", "{\"file\":\"b\"}", "check[2]", "{\"file\":\"c\"}"),
                    checkItems, "each instance's item is the output of the instance of 'load' with its index");
            assertEquals("[{\"checked\":\"a\"},{\"checked\":\"b\"},{\"checked\":\"c\"}]", leases.getLast().inputs().get("check").text());
            assertEquals(List.of(new TaskExpansion("load", 3)), f.store.attempts().expansions(run),
                    "the second expansion follows from the first: nothing more is stored");
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void a_failing_instance_is_retried_on_its_own_and_the_run_succeeds() {
        try (CoreFixture f = new CoreFixture(dir, T0, etl(TaskConfig.builder().retries(2).build()))) {
            long run = trigger(f, "etl");
            play(f, l -> l.taskId().equals("load[1]") && l.attempt() < 2 ? TaskOutcome.failed("flaky " + l.attempt())
                    : doubling(l, 3));
            assertEquals(Map.of("extract", 1, "load[0]", 1, "load[1]", 3, "load[2]", 1, "report", 1), attemptsPerTask(f, run));
            assertEquals(SUCCESS, RunPlayer.statuses(f, run).get("load[1]"));
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void an_instance_that_fails_after_its_retries_fails_the_mapped_task_once_all_are_done() {
        try (CoreFixture f = new CoreFixture(dir, T0, etl(TaskConfig.builder().retries(1).build()))) {
            long run = trigger(f, "etl");
            play(f, l -> l.taskId().equals("load[1]") ? TaskOutcome.failed("bad row") : doubling(l, 3));
            assertEquals(Map.of("extract", SUCCESS, "load[0]", SUCCESS, "load[1]", FAILED, "load[2]", SUCCESS,
                    "report", UPSTREAM_FAILED), RunPlayer.statuses(f, run));
            assertEquals(2, attemptsPerTask(f, run).get("load[1]"));
            assertEquals(Optional.of("upstream failed: 'load' is FAILED"), RunPlayer.latest(f, run, "report").reason());
            assertEquals(DagRunStatus.FAILED, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void a_literal_list_maps_a_root_task() {
        Node check = Node.of(tasks.ok("check")).mapOverItems(List.of("a", "b \"quoted\"", "c"));
        check.then(Node.of(tasks.ok("done")));
        try (CoreFixture f = new CoreFixture(dir, T0, Dag.builder("lit").root(check).build())) {
            long run = trigger(f, "lit");
            List<TaskLease> leases = play(f, l -> TaskOutcome.success());
            assertEquals(List.of("\"a\"", "\"b \\\"quoted\\\"\"", "\"c\""), leases.stream().filter(l -> l.item().isPresent())
                    .map(l -> l.item().get().json()).toList());
            assertEquals(Map.of("check[0]", SUCCESS, "check[1]", SUCCESS, "check[2]", SUCCESS, "done", SUCCESS),
                    RunPlayer.statuses(f, run));
            assertFalse(leases.getLast().inputs().containsKey("check"), "no instance stored an output: no input");
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void a_list_over_the_limit_or_not_a_list_fails_the_parent_with_a_clear_message() {
        try (CoreFixture f = new CoreFixture(dir, T0, etl(TaskConfig.DEFAULT))) {
            long big = trigger(f, "etl");
            play(f, l -> output(list(1025)));
            assertEquals(Map.of("extract", FAILED, "load", UPSTREAM_FAILED, "report", UPSTREAM_FAILED),
                    RunPlayer.statuses(f, big));
            assertEquals(Optional.of("Task 'extract' returned a list of 1025 items for mapped task 'load'; the limit is "
                    + "1024 items per expansion (maxMapItems)"), RunPlayer.latest(f, big, "extract").error());
            assertEquals(List.of(), f.store.attempts().expansions(big), "nothing expanded");

            long notList = f.watcher.trigger(f.registry.find("etl").orElseThrow(), "{}", T0.plusSeconds(1));
            play(f, l -> output("{\"files\":[]}"));
            assertEquals(Optional.of("Task 'extract' must return a JSON list for mapped task 'load': expected a JSON list"
                    + " starting with '[' at offset 0"), RunPlayer.latest(f, notList, "extract").error());
            assertEquals(DagRunStatus.FAILED, RunPlayer.runStatus(f, notList));
        }
    }

    @Test
    void a_mapped_task_must_be_mapped_over_a_direct_parent_and_cannot_be_marked() {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b")).mapOver("x"));
        DagDefinitionException e = assertThrows(DagDefinitionException.class, () -> Dag.builder("bad").root(a).build());
        assertEquals("DAG 'bad': task 'b' is mapped over 'x', which is not one of its direct parents; its parents: [a]",
                e.getMessage());
        try (CoreFixture f = new CoreFixture(dir, T0, etl(TaskConfig.DEFAULT))) {
            long run = trigger(f, "etl");
            play(f, l -> doubling(l, 2));
            InvalidInputException m = assertThrows(InvalidInputException.class, () -> f.actions.mark(run, "load", SUCCESS));
            assertTrue(m.getMessage().startsWith("Task 'load' is mapped"), m.getMessage());
        }
    }

    @Test
    void clearing_the_mapped_task_runs_its_instances_again_from_the_stored_expansion() {
        try (CoreFixture f = new CoreFixture(dir, T0, etl(TaskConfig.DEFAULT))) {
            long run = trigger(f, "etl");
            play(f, l -> doubling(l, 2));
            f.actions.clear(run, "load", true);
            List<TaskLease> again = play(f, l -> doubling(l, 99));
            assertEquals(List.of("load[0]", "load[1]", "report"), again.stream().map(TaskLease::taskId).sorted().toList(),
                    "extract does not run again: the instances come from its stored output");
            assertEquals(List.of("0", "1"), again.stream().filter(l -> l.item().isPresent()).map(l -> l.item().get().json())
                    .sorted().toList());
            assertEquals(Map.of("extract", 1, "load[0]", 2, "load[1]", 2, "report", 2), attemptsPerTask(f, run));
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void a_crash_right_after_the_parents_success_neither_loses_nor_duplicates_instances() throws Exception {
        Dag dag = etl(TaskConfig.DEFAULT);
        long run;
        try (CoreFixture first = new CoreFixture(dir, T0, dag)) {
            run = trigger(first, "etl");
            TaskLease extract = first.queue.poll().flatMap(e -> first.attempts.handOut(e, "exec-1")).orElseThrow();
            assertTrue(first.attempts.report(extract.key(), extract.token(), output(list(5))).accepted());
        }
        // the crash came after the parent's commit and before the instances' insert: their rows are not there
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("x.db"));
             Statement st = c.createStatement()) {
            assertEquals(5, st.executeUpdate("DELETE FROM task_attempts WHERE task_id LIKE 'load[%'"));
        }
        try (CoreFixture f = new CoreFixture(dir, T0.plusSeconds(5), dag)) {
            new Recovery(f.runs, f.registry, f.admission, Duration.ofSeconds(30)).recover();
            play(f, l -> doubling(l, 77));
            assertEquals(Map.of("extract", 1, "load[0]", 1, "load[1]", 1, "load[2]", 1, "load[3]", 1, "load[4]", 1,
                    "report", 1), attemptsPerTask(f, run), "the stored expansion made the 5 instances, once each");
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void a_restart_in_the_middle_of_the_instances_runs_only_those_not_done() {
        Dag dag = etl(TaskConfig.DEFAULT);
        long run;
        try (CoreFixture first = new CoreFixture(dir, T0, dag)) {
            run = trigger(first, "etl");
            for (int k = 0; k < 3; k++) { // extract, then load[0] and load[1]
                TaskLease l = first.queue.poll().flatMap(e -> first.attempts.handOut(e, "exec-1")).orElseThrow();
                assertTrue(first.attempts.report(l.key(), l.token(), doubling(l, 4)).accepted());
            }
        }
        try (CoreFixture f = new CoreFixture(dir, T0.plusSeconds(5), dag)) {
            new Recovery(f.runs, f.registry, f.admission, Duration.ofSeconds(30)).recover();
            List<TaskLease> after = play(f, l -> doubling(l, 4));
            assertEquals(List.of("load[2]", "load[3]", "report"), after.stream().map(TaskLease::taskId).sorted().toList());
            assertEquals("[0,2,4,6]", after.getLast().inputs().get("load").text());
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void clearing_one_instance_runs_only_it_again_and_marking_one_failed_fails_the_mapped_task() {
        try (CoreFixture f = new CoreFixture(dir, T0, etl(TaskConfig.DEFAULT))) {
            long run = trigger(f, "etl");
            play(f, l -> doubling(l, 3));
            f.actions.clear(run, "load[1]", false);
            assertEquals(List.of("load[1]"), play(f, l -> doubling(l, 3)).stream().map(TaskLease::taskId).toList());
            f.actions.clear(run, "load[2]", true);
            assertEquals(List.of("load[2]", "report"), play(f, l -> doubling(l, 3)).stream().map(TaskLease::taskId).toList(),
                    "with downstream: the mapped task's children too");
            assertEquals(Map.of("extract", 1, "load[0]", 1, "load[1]", 2, "load[2]", 2, "report", 2), attemptsPerTask(f, run));
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));

            f.actions.mark(run, "load[0]", FAILED);
            assertEquals(FAILED, RunPlayer.statuses(f, run).get("load[0]"));
            assertEquals(DagRunStatus.FAILED, RunPlayer.runStatus(f, run), "the mapped task is FAILED with one instance");
            ppacer.scheduler.model.UnknownIdException e = assertThrows(ppacer.scheduler.model.UnknownIdException.class,
                    () -> f.actions.clear(run, "load[7]", false));
            assertEquals("Run " + run + " has no instance 'load[7]': task 'load' has 3 instances, load[0] to load[2]",
                    e.getMessage());
        }
    }

    @Test
    void a_restart_of_a_failed_run_runs_the_failed_instances_from_the_stored_expansion() {
        try (CoreFixture f = new CoreFixture(dir, T0, etl(TaskConfig.DEFAULT))) {
            long run = trigger(f, "etl");
            play(f, l -> l.taskId().equals("load[2]") ? TaskOutcome.failed("bad") : doubling(l, 3));
            assertEquals(DagRunStatus.FAILED, RunPlayer.runStatus(f, run));
            f.actions.restart(run);
            List<TaskLease> again = play(f, l -> doubling(l, 3));
            assertEquals(List.of("load[0]", "load[1]", "load[2]", "report"), again.stream().map(TaskLease::taskId).sorted()
                    .toList(), "extract is not run again; its stored expansion gives the instances");
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
    }

    @Test
    void max_active_instances_keeps_the_others_waiting_in_index_order() {
        Node extract = Node.of(tasks.ok("extract"));
        extract.then(Node.of(tasks.ok("load")).mapOver("extract").maxActiveInstances(2));
        try (CoreFixture f = new CoreFixture(dir, T0, Dag.builder("limited").root(extract).build())) {
            long run = trigger(f, "limited");
            TaskLease e = f.queue.poll().flatMap(q -> f.attempts.handOut(q, "exec-1")).orElseThrow();
            assertTrue(f.attempts.report(e.key(), e.token(), output(list(5))).accepted());
            List<TaskLease> running = new ArrayList<>();
            for (Optional<QueuedTask> q = f.queue.poll(); q.isPresent(); q = f.queue.poll()) {
                running.add(f.attempts.handOut(q.get(), "exec-1").orElseThrow());
            }
            assertEquals(List.of("load[0]", "load[1]"), running.stream().map(TaskLease::taskId).toList(), "two at a time");
            TaskLease first = running.removeFirst();
            assertTrue(f.attempts.report(first.key(), first.token(), TaskOutcome.success()).accepted());
            List<String> next = new ArrayList<>();
            for (Optional<QueuedTask> q = f.queue.poll(); q.isPresent(); q = f.queue.poll()) {
                next.add(q.get().taskId());
                running.add(f.attempts.handOut(q.get(), "exec-1").orElseThrow());
            }
            assertEquals(List.of("load[2]"), next, "one ended, the next one starts");
            for (TaskLease l : running) {
                assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.success()).accepted());
            }
            assertEquals(List.of("load[3]", "load[4]"), play(f, l -> TaskOutcome.success()).stream().map(TaskLease::taskId)
                    .toList());
            assertEquals(DagRunStatus.SUCCESS, RunPlayer.runStatus(f, run));
        }
        DagDefinitionException e = assertThrows(DagDefinitionException.class, () -> Node.of(tasks.ok("x")).maxActiveInstances(2));
        assertEquals("Task 'x' is not mapped: call mapOver or mapOverItems before maxActiveInstances", e.getMessage());
    }
}
