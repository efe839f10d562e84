package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;
import ppacer.api.TriggerRule;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;
import ppacer.testkit.Tasks;

/**
 * The explainer over HTTP ({@code GET /dagruns/{runId}/tasks/{taskId}/why}, {@code GET /dagruns/{runId}/why},
 * {@code GET /dags/{dagId}/why}) against a real scheduler on an injected clock, executors played by
 * hand: each reason is built, asserted with its details, and seen to change as the situation resolves.
 */
class WhyTest {
    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private final MutableClock clock = new MutableClock(START);

    private static JsonNode why(ApiHarness api, long runId, String taskId) {
        ApiHarness.Answer r = api.get("/dagruns/" + runId + "/tasks/" + taskId + "/why");
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static String reason(ApiHarness api, long runId, String taskId) {
        return why(api, runId, taskId).get("reason").asText();
    }

    private static JsonNode runWhy(ApiHarness api, long runId) {
        ApiHarness.Answer r = api.get("/dagruns/" + runId + "/why");
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asText).toList();
    }

    private static long trigger(ApiHarness api, String dagId) {
        ApiHarness.Answer t = api.post("/dag/run/trigger", "{\"dagId\":\"" + dagId + "\"}");
        assertEquals(200, t.status(), t.body());
        return t.json().get("runId").asLong();
    }

    private static JsonNode pop(ApiHarness api) {
        ApiHarness.Answer r = api.get("/dag/task/pop?waitMs=10000&executorId=e1");
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static void report(ApiHarness api, JsonNode task, String status, String extra) {
        ApiHarness.Answer r = api.post("/dag/task/update", ApiHarness.report(task, status, extra));
        assertEquals(200, r.status(), r.body());
    }

    private static void awaitReason(ApiHarness api, long runId, String taskId, String reason) {
        Await.until(Duration.ofSeconds(60), () -> reason(api, runId, taskId).equals(reason),
                () -> taskId + " of run " + runId + " to be " + reason + ", is " + why(api, runId, taskId));
    }

    /** a (one retry after 60 s) → b, and a second root c; one task of the DAG at a time. */
    @Test
    void upstream_queued_no_executor_running_max_active_tasks_and_retry_delay_change_as_the_run_goes() {
        TaskConfig retryOnce = TaskConfig.builder().retries(1).retryDelay(RetryDelay.constant(Duration.ofSeconds(60))).build();
        Node aNode = Node.of(tasks.ok("a"), retryOnce);
        aNode.then(Node.of(tasks.ok("b")));
        Dag dag = Dag.builder("flow").maxActiveTasks(1).root(aNode, Node.of(tasks.ok("c"))).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(dag), clock)) {
            long run = trigger(api, "flow");
            awaitReason(api, run, "a", "QUEUED");
            awaitReason(api, run, "c", "QUEUED");
            JsonNode a = why(api, run, "a");
            assertEquals(1, a.get("details").get("position").asInt(), a.toString());
            assertEquals(2, a.get("details").get("of").asInt(), a.toString());
            assertEquals("task 'a' is queued at position 1 of 2 ready tasks of flow, no executor polling right now"
                    + " (last contact 0 s ago)", a.get("message").asText());
            JsonNode b = why(api, run, "b");
            assertEquals("WAITING_FOR_UPSTREAM", b.get("reason").asText());
            assertEquals(List.of("a: SCHEDULED"), strings(b.get("details").get("waitingFor")));
            assertEquals("task 'b' waits for its parent a: SCHEDULED", b.get("message").asText());

            clock.advance(Duration.ofSeconds(30));
            JsonNode lost = why(api, run, "a");
            assertEquals("QUEUED_NO_EXECUTOR", lost.get("reason").asText(), lost.toString());
            assertEquals(30, lost.get("details").get("secondsWithoutExecutor").asInt());
            JsonNode whole = runWhy(api, run);
            assertEquals(List.of("QUEUED_NO_EXECUTOR"), whole.get("run").valueStream().map(w -> w.get("reason").asText())
                    .toList(), whole.toString());
            assertEquals(List.of("a", "c", "b"), whole.get("tasks").valueStream().map(t -> t.get("taskId").asText()).toList());
            assertEquals("QUEUED_NO_EXECUTOR", api.get("/dagruns/" + run).json().get("waiting").get(0).get("reason").asText(),
                    "GET /dagruns/{id} waiting comes from the same explainer");

            JsonNode taken = pop(api);
            assertEquals("a", taken.get("taskId").asText(), "position 1 is handed out first");
            JsonNode running = why(api, run, "a");
            assertEquals("RUNNING", running.get("reason").asText(), running.toString());
            assertEquals("e1", running.get("details").get("executorId").asText());
            assertEquals(START.plusSeconds(30).toString(), running.get("details").get("since").asText());
            JsonNode full = why(api, run, "c");
            assertEquals("MAX_ACTIVE_TASKS", full.get("reason").asText(), full.toString());
            assertEquals("dag", full.get("details").get("scope").asText());
            assertEquals(1, full.get("details").get("running").asInt());
            assertEquals(1, full.get("details").get("max").asInt());
            assertEquals("flow runs 1/1 tasks (maxActiveTasks): task 'c' waits for one to end", full.get("message").asText());
            assertEquals(List.of(), strings(runWhy(api, run).get("run")), "an executor polled just now");

            report(api, taken, "FAILED", ",\"taskError\":\"boom\"");
            awaitReason(api, run, "a", "RETRY_DELAY");
            JsonNode retry = why(api, run, "a");
            assertEquals(START.plusSeconds(90).toString(), retry.get("details").get("until").asText(), retry.toString());
            assertEquals(1, retry.get("details").get("attempt").asInt());
            assertEquals("task 'a' failed and retries (attempt 1) at " + START.plusSeconds(90) + " (in 60 s), after its"
                    + " retry delay", retry.get("message").asText());
            awaitReason(api, run, "c", "QUEUED");

            clock.advance(Duration.ofSeconds(60));
            api.scheduler.wakeUp();
            JsonNode due = why(api, run, "a");
            assertEquals("QUEUED_NO_EXECUTOR", due.get("reason").asText(), "due now, and no executor for 60 s: " + due);

            JsonNode first = pop(api);
            report(api, first, "SUCCESS", "");
            JsonNode second = pop(api);
            report(api, second, "SUCCESS", "");
            assertEquals(List.of("a", "c"), List.of(first.get("taskId").asText(), second.get("taskId").asText()).stream()
                    .sorted().toList());
            JsonNode ok = why(api, run, "a");
            assertEquals("SUCCESS", ok.get("reason").asText(), ok.toString());
            assertEquals(1, ok.get("details").get("attempt").asInt());
            awaitReason(api, run, "b", "QUEUED");
            report(api, pop(api), "SUCCESS", "");
            Await.until(Duration.ofSeconds(60), () -> runWhy(api, run).get("status").asText().equals("SUCCESS"), () -> "run done");
            JsonNode done = runWhy(api, run);
            assertEquals("SUCCESS", done.get("run").get(0).get("reason").asText(), done.toString());
            assertTrue(done.get("tasks").isEmpty(), done.toString());
        }
    }

    /** x → y (ONE_FAILED), x → z (default), r → s (ALL_FAILED). */
    @Test
    void trigger_rule_then_failed_upstream_failed_and_skipped_name_their_cause() {
        Node xNode = Node.of(tasks.ok("x"));
        xNode.then(Node.of(tasks.ok("y"), TaskConfig.builder().triggerRule(TriggerRule.ONE_FAILED).build()),
                Node.of(tasks.ok("z")));
        Node rNode = Node.of(tasks.ok("r"));
        rNode.then(Node.of(tasks.ok("s"), TaskConfig.builder().triggerRule(TriggerRule.ALL_FAILED).build()));
        Dag dag = Dag.builder("rules").root(xNode, rNode).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(dag), clock)) {
            long run = trigger(api, "rules");
            awaitReason(api, run, "x", "QUEUED");
            JsonNode y = why(api, run, "y");
            assertEquals("TRIGGER_RULE_NOT_MET", y.get("reason").asText(), y.toString());
            assertEquals("ONE_FAILED", y.get("details").get("rule").asText());
            assertEquals("one parent to fail", y.get("details").get("needs").asText());
            assertEquals(List.of("x: SCHEDULED"), strings(y.get("details").get("waitingFor")));
            assertEquals("task 'y' has rule ONE_FAILED, which needs one parent to fail; so far 0 succeeded, 0 failed,"
                    + " 0 skipped; waiting for x: SCHEDULED", y.get("message").asText());

            for (int k = 0; k < 2; k++) {
                JsonNode t = pop(api);
                report(api, t, t.get("taskId").asText().equals("x") ? "FAILED" : "SUCCESS",
                        t.get("taskId").asText().equals("x") ? ",\"taskError\":\"disk full\"" : "");
            }
            JsonNode x = why(api, run, "x");
            assertEquals("FAILED", x.get("reason").asText(), x.toString());
            assertEquals("disk full", x.get("details").get("error").asText());
            JsonNode z = why(api, run, "z");
            assertEquals("UPSTREAM_FAILED", z.get("reason").asText(), z.toString());
            assertEquals("x", z.get("details").get("failedParent").asText());
            JsonNode s = why(api, run, "s");
            assertEquals("SKIPPED", s.get("reason").asText(), s.toString());
            assertEquals("task 's' was skipped: rule not met: ALL_FAILED, but 'r' is SUCCESS", s.get("message").asText());
            awaitReason(api, run, "y", "QUEUED");
            assertEquals(List.of("y"), runWhy(api, run).get("tasks").valueStream().map(t -> t.get("taskId").asText()).toList());

            report(api, pop(api), "SUCCESS", "");
            Await.until(Duration.ofSeconds(60), () -> runWhy(api, run).get("status").asText().equals("FAILED"), () -> "run done");
            JsonNode done = runWhy(api, run).get("run").get(0);
            assertEquals("FAILED", done.get("reason").asText(), done.toString());
            assertEquals(List.of("x"), strings(done.get("details").get("failedTasks")));
            assertEquals("run " + run + " failed: failed task x", done.get("message").asText());
        }
    }

    @Test
    void a_paused_dag_then_max_active_runs_hold_a_queued_run_until_a_slot_frees() {
        Dag dag = Dag.builder("one").maxActiveRuns(1).root(Node.of(tasks.ok("t"))).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(dag), clock)) {
            assertEquals(200, api.post("/dags/one/pause", "").status());
            long first = trigger(api, "one");
            JsonNode paused = why(api, first, "t");
            assertEquals("DAG_PAUSED", paused.get("reason").asText(), paused.toString());
            assertEquals("one is paused: the run waits until `ppacer unpause one`", paused.get("message").asText());
            assertEquals("DAG_PAUSED", runWhy(api, first).get("run").get(0).get("reason").asText());
            JsonNode dagWhy = api.get("/dags/one/why").json();
            assertEquals(List.of("DAG_PAUSED", "NEXT_SCHEDULE"), dagWhy.get("reasons").valueStream()
                    .map(w -> w.get("reason").asText()).toList(), dagWhy.toString());
            assertEquals(List.of(first), dagWhy.get("reasons").get(1).get("details").get("active").valueStream()
                    .map(JsonNode::asLong).toList());

            assertEquals(200, api.post("/dags/one/unpause", "").status());
            awaitReason(api, first, "t", "QUEUED");
            long second = trigger(api, "one");
            JsonNode behind = why(api, second, "t");
            assertEquals("MAX_ACTIVE_RUNS", behind.get("reason").asText(), behind.toString());
            assertEquals(List.of(first), behind.get("details").get("behind").valueStream().map(JsonNode::asLong).toList());
            assertEquals(1, behind.get("details").get("active").asInt());
            assertEquals(1, behind.get("details").get("max").asInt());
            assertEquals("one has 1/1 active runs: the run is queued behind run " + first, behind.get("message").asText());

            report(api, pop(api), "SUCCESS", "");
            awaitReason(api, second, "t", "QUEUED");
            assertEquals("SUCCESS", reason(api, first, "t"));
        }
    }

    /**
     * QUEUED "executors polling": five tasks whose retries are due now while an executor of capacity 1 waits in
     * its poll (it sleeps until the due time it computed, 10 minutes of real time, so the due entries stay
     * ready): each says its place among the five and that executors poll; once the poll takes one, the rest
     * move up and nobody polls.
     */
    @Test
    void queued_with_executors_polling_says_the_place_and_changes_as_the_poll_takes_one() throws Exception {
        TaskConfig retry = TaskConfig.builder().retries(1).retryDelay(RetryDelay.constant(Duration.ofMinutes(10))).build();
        Node[] roots = new Node[5];
        for (int i = 0; i < 5; i++) {
            roots[i] = Node.of(tasks.ok("t" + (i + 1)), retry);
        }
        Dag dag = Dag.builder("burst").root(roots[0], java.util.Arrays.copyOfRange(roots, 1, 5)).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(dag), clock)) {
            long run = trigger(api, "burst");
            for (int i = 0; i < 5; i++) {
                report(api, pop(api), "FAILED", ",\"taskError\":\"first try\"");
            }
            for (int i = 1; i <= 5; i++) {
                awaitReason(api, run, "t" + i, "RETRY_DELAY");
            }
            var poll = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> api.scheduler.nextTask("e2", Duration.ofMinutes(10)));
            Await.until(Duration.ofSeconds(60), () -> api.scheduler.executors().stream()
                    .anyMatch(e -> e.executorId().equals("e2") && e.polling()), () -> "e2 polling");
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            java.util.Map<Integer, String> byPosition = new java.util.TreeMap<>();
            for (int i = 1; i <= 5; i++) {
                JsonNode w = why(api, run, "t" + i);
                assertEquals("QUEUED", w.get("reason").asText(), w.toString());
                assertEquals(5, w.get("details").get("of").asInt(), w.toString());
                assertTrue(w.get("details").get("executorsPolling").asBoolean(), w.toString());
                byPosition.put(w.get("details").get("position").asInt(), "t" + i);
            }
            assertEquals(List.of(1, 2, 3, 4, 5), List.copyOf(byPosition.keySet()));
            String third = byPosition.get(3);
            JsonNode w3 = why(api, run, third);
            assertEquals("task '" + third + "' is queued at position 3 of 5 ready tasks of burst, executors polling",
                    w3.get("message").asText());
            assertEquals(5, w3.get("details").get("queued").asInt(), w3.toString());
            JsonNode whole = runWhy(api, run);
            assertEquals(5, whole.get("counts").get("QUEUED").asInt(), whole.toString());
            assertEquals(List.of(), strings(whole.get("run")), "executors poll: nothing holds the run as a whole");

            api.scheduler.wakeUp(); // the poll wakes, takes position 1 and ends
            var taken = poll.get(60, java.util.concurrent.TimeUnit.SECONDS).orElseThrow();
            assertEquals(byPosition.get(1), taken.taskId(), "position 1 goes first");
            awaitReason(api, run, byPosition.get(1), "RUNNING");
            JsonNode moved = why(api, run, third);
            assertEquals("QUEUED", moved.get("reason").asText(), moved.toString());
            assertEquals(2, moved.get("details").get("position").asInt(), moved.toString());
            assertEquals(4, moved.get("details").get("of").asInt(), moved.toString());
            assertEquals(false, moved.get("details").get("executorsPolling").asBoolean(), moved.toString());
            assertEquals("task '" + third + "' is queued at position 2 of 4 ready tasks of burst, no executor polling right"
                    + " now (last contact 0 s ago)", moved.get("message").asText());
            JsonNode counts = runWhy(api, run).get("counts");
            assertEquals(1, counts.get("RUNNING").asInt(), counts.toString());
            assertEquals(4, counts.get("QUEUED").asInt(), counts.toString());
        }
    }

    /**
     * A run's answer sums up and pages: counts by reason over every unfinished task, then at most {@code limit}
     * answers, blocked tasks first, then running, queued, waiting for parents (the DAG's order within each);
     * {@code offset} and {@code reason} page; bad values are 400s naming them.
     */
    @Test
    void a_runs_answer_counts_every_reason_and_pages_blocked_first() {
        Node r1 = Node.of(tasks.ok("r1"));
        r1.then(Node.of(tasks.ok("end")));
        Node[] roots = {r1, Node.of(tasks.ok("r2")), Node.of(tasks.ok("r3")), Node.of(tasks.ok("r4")),
                Node.of(tasks.ok("r5")), Node.of(tasks.ok("r6"))};
        Dag dag = Dag.builder("paged").maxActiveTasks(2).root(roots[0], java.util.Arrays.copyOfRange(roots, 1, 6)).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(dag), clock)) {
            long run = trigger(api, "paged");
            for (int i = 1; i <= 6; i++) {
                awaitReason(api, run, "r" + i, "QUEUED");
            }
            List<JsonNode> leases = List.of(pop(api), pop(api));
            List<String> running = leases.stream().map(l -> l.get("taskId").asText()).toList();
            List<String> blocked = new java.util.ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                if (!running.contains("r" + i)) {
                    blocked.add("r" + i);
                }
            }
            List<String> order = new java.util.ArrayList<>(blocked);
            order.addAll(List.of("r1", "r2", "r3", "r4", "r5", "r6").stream().filter(running::contains).toList());
            order.add("end");

            JsonNode all = runWhy(api, run);
            assertEquals(List.of("MAX_ACTIVE_TASKS", "RUNNING", "WAITING_FOR_UPSTREAM"),
                    List.copyOf(all.get("counts").propertyStream().map(java.util.Map.Entry::getKey).toList()), all.toString());
            assertEquals(4, all.get("counts").get("MAX_ACTIVE_TASKS").asInt());
            assertEquals(2, all.get("counts").get("RUNNING").asInt());
            assertEquals(1, all.get("counts").get("WAITING_FOR_UPSTREAM").asInt());
            assertEquals(7, all.get("total").asInt());
            assertEquals(100, all.get("limit").asInt());
            assertEquals(0, all.get("offset").asInt());
            assertEquals(order, ids(all));
            assertEquals("MAX_ACTIVE_TASKS", all.get("tasks").get(0).get("reason").asText());
            assertEquals("paged runs 2/2 tasks (maxActiveTasks): task '" + blocked.getFirst() + "' waits for one to end",
                    all.get("tasks").get(0).get("message").asText());

            JsonNode first = api.get("/dagruns/" + run + "/why?limit=3").json();
            assertEquals(order.subList(0, 3), ids(first));
            assertEquals(7, first.get("total").asInt());
            assertEquals(4, first.get("counts").get("MAX_ACTIVE_TASKS").asInt(), "the counts cover every task, not the page");
            JsonNode second = api.get("/dagruns/" + run + "/why?limit=3&offset=3").json();
            assertEquals(order.subList(3, 6), ids(second));
            assertEquals(3, second.get("offset").asInt());
            assertEquals(List.of("end"), ids(api.get("/dagruns/" + run + "/why?limit=3&offset=6").json()));
            assertEquals(List.of(), ids(api.get("/dagruns/" + run + "/why?offset=70").json()));
            JsonNode onlyRunning = api.get("/dagruns/" + run + "/why?reason=RUNNING").json();
            assertEquals(order.subList(4, 6), ids(onlyRunning));
            assertEquals(2, onlyRunning.get("total").asInt());
            assertEquals(3, onlyRunning.get("counts").size(), onlyRunning.toString());
            assertEquals(List.of(), ids(api.get("/dagruns/" + run + "/why?limit=0").json()));

            for (String[] bad : new String[][] {{"limit=-1", "limit", "-1"}, {"limit=ten", "limit", "'ten'"},
                    {"offset=-5", "offset", "-5"}, {"offset=1.5", "offset", "'1.5'"}, {"reason=NOPE", "reason", "'NOPE'"}}) {
                ApiHarness.Answer r = api.get("/dagruns/" + run + "/why?" + bad[0]);
                assertEquals(400, r.status(), bad[0] + ": " + r.body());
                assertEquals(bad[1], r.json().get("field").asText(), r.body());
                assertTrue(r.json().get("error").asText().contains(bad[2]), r.body());
            }

            for (JsonNode l : leases) {
                report(api, l, "SUCCESS", ""); // the runners end: the blocked ones wait for an executor only
            }
            int queued = 4 + (running.contains("r1") ? 1 : 0);
            Await.until(Duration.ofSeconds(60), () -> runWhy(api, run).get("counts").toString().equals("{\"QUEUED\":" + queued
                    + (queued == 4 ? ",\"WAITING_FOR_UPSTREAM\":1" : "") + "}"), () -> "the run moves on: " + runWhy(api, run));
            assertEquals(queued, runWhy(api, run).get("total").asInt());
        }
    }

    private static List<String> ids(JsonNode runWhy) {
        return runWhy.get("tasks").valueStream().map(t -> t.get("taskId").asText()).toList();
    }

    @Test
    void unknown_runs_tasks_and_dags_are_404s_naming_them() {
        Dag dag = Dag.builder("one").root(Node.of(tasks.ok("t"))).build();
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(dag), clock)) {
            ApiHarness.Answer run = api.get("/dagruns/999/why");
            assertEquals(404, run.status(), run.body());
            assertTrue(run.body().contains("999"), run.body());
            long id = trigger(api, "one");
            ApiHarness.Answer task = api.get("/dagruns/" + id + "/tasks/nope/why");
            assertEquals(404, task.status(), task.body());
            assertTrue(task.body().contains("'nope'"), task.body());
            ApiHarness.Answer dagAnswer = api.get("/dags/nope/why");
            assertEquals(404, dagAnswer.status(), dagAnswer.body());
            assertTrue(dagAnswer.body().contains("'nope'"), dagAnswer.body());
            assertEquals(400, api.get("/dagruns/abc/why").status());
        }
    }
}
