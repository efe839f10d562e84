package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.TriggerRule;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/**
 * Every trigger rule against every combination of parent outcomes (SUCCESS, FAILED, SKIPPED,
 * UPSTREAM_FAILED) for one and for three parents, in every arrival order, on the real scheduler core
 * and a real SQLite store.
 *
 * <p>The DAG: {@code g1 -> p1, g2 -> p2, g3 -> p3, (p1, p2, p3) -> t} with {@code t} under the rule.
 * A parent that must be UPSTREAM_FAILED gets it from its {@code g} failing; the others report their
 * outcome (a SKIPPED parent skips itself). After every outcome the state of {@code t} is compared
 * with the expectation, which is computed here from the README's table ({@link #RUNS_WHEN},
 * {@link #FINAL}) and not from {@link TriggerRule#verdict}: a rule runs {@code t} as soon as its
 * "runs when" holds, and decides SKIPPED or UPSTREAM_FAILED as soon as every way the remaining
 * parents could end gives that answer, never earlier and never later.
 */
class TriggerRuleTableTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    /** A parent's outcome. */
    enum Outcome { SUCCESS, FAILED, SKIPPED, UPSTREAM_FAILED }

    /** Counts of parent outcomes: s succeeded, f failed or upstream-failed, k skipped, n parents. */
    record Counts(int n, int s, int f, int k) {
        boolean allDone() {
            return s + f + k == n;
        }
    }

    /** The "runs when" column of the README's table, also before every parent is done. */
    private static final Map<TriggerRule, java.util.function.Predicate<Counts>> RUNS_WHEN = new EnumMap<>(Map.of(
            TriggerRule.ALL_SUCCESS, c -> c.s == c.n,
            TriggerRule.ALL_DONE, Counts::allDone,
            TriggerRule.ALL_FAILED, c -> c.f == c.n,
            TriggerRule.ONE_SUCCESS, c -> c.s >= 1,
            TriggerRule.ONE_FAILED, c -> c.f >= 1,
            TriggerRule.ONE_DONE, c -> c.s + c.f >= 1,
            TriggerRule.NONE_FAILED, c -> c.allDone() && c.f == 0,
            TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS, c -> c.allDone() && c.f == 0 && c.s >= 1,
            TriggerRule.NONE_SKIPPED, c -> c.allDone() && c.k == 0,
            TriggerRule.ALWAYS, c -> true));

    /** The final state of a task whose parents are all done, from the README's table. */
    private static TaskStatus finalStatus(TriggerRule rule, Counts c) {
        if (RUNS_WHEN.get(rule).test(c)) {
            return TaskStatus.SUCCESS; // it runs (and succeeds in this test)
        }
        return switch (rule) {
            case ALL_SUCCESS, NONE_FAILED, NONE_FAILED_MIN_ONE_SUCCESS -> c.f >= 1 ? TaskStatus.UPSTREAM_FAILED
                    : TaskStatus.SKIPPED;
            case ONE_SUCCESS -> c.f >= 1 ? TaskStatus.UPSTREAM_FAILED : TaskStatus.SKIPPED;
            case ALL_FAILED, ONE_FAILED, ONE_DONE, NONE_SKIPPED -> TaskStatus.SKIPPED;
            case ALL_DONE, ALWAYS -> throw new AssertionError(rule + " always runs");
        };
    }

    /**
     * What {@code t} must be now: SCHEDULED (or later) when its rule runs it; SKIPPED or
     * UPSTREAM_FAILED when every way the pending parents may end gives that; else null (waiting).
     */
    private static TaskStatus expectedNow(TriggerRule rule, Counts c) {
        if (RUNS_WHEN.get(rule).test(c)) {
            return TaskStatus.SCHEDULED;
        }
        int pending = c.n - c.s - c.f - c.k;
        TaskStatus only = null;
        for (int s = 0; s <= pending; s++) {
            for (int f = 0; s + f <= pending; f++) {
                Counts end = new Counts(c.n, c.s + s, c.f + f, c.k + pending - s - f);
                TaskStatus st = finalStatus(rule, end);
                if (st == TaskStatus.SUCCESS || (only != null && only != st)) {
                    return null;
                }
                only = st;
            }
        }
        return only;
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    @TestFactory
    Stream<DynamicTest> every_rule_against_every_combination_of_one_and_three_parents(@TempDir Path dir) {
        List<DynamicTest> tests = new ArrayList<>();
        for (TriggerRule rule : TriggerRule.values()) {
            for (int n : new int[] {1, 3}) {
                int combos = (int) Math.pow(OUTCOMES.length, n);
                int parents = n;
                tests.add(DynamicTest.dynamicTest(rule + " with " + n + " parent(s), " + combos + " combinations",
                        () -> runAll(dir.resolve(rule + "-" + parents), rule, parents)));
            }
        }
        return tests.stream();
    }

    private void runAll(Path dir, TriggerRule rule, int n) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Tasks tasks = new Tasks();
        Node t = Node.of(tasks.ok("t"), TaskConfig.builder().triggerRule(rule).build());
        List<Node> roots = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            Node g = Node.of(tasks.ok("g" + k));
            g.then(Node.of(tasks.ok("p" + k))).then(t);
            roots.add(g);
        }
        Dag dag = Dag.builder("rules").maxActiveRuns(1)
                .root(roots.getFirst(), roots.subList(1, roots.size()).toArray(Node[]::new)).build();
        try (CoreFixture f = new CoreFixture(dir, T0, dag)) {
            int combos = (int) Math.pow(OUTCOMES.length, n);
            for (int combo = 0; combo < combos; combo++) {
                List<Outcome> outcomes = new ArrayList<>();
                for (int k = 0, x = combo; k < n; k++, x /= OUTCOMES.length) {
                    outcomes.add(OUTCOMES[x % OUTCOMES.length]);
                }
                runOne(f, dag, rule, outcomes, T0.plusSeconds(combo));
            }
        }
    }

    private void runOne(CoreFixture f, Dag dag, TriggerRule rule, List<Outcome> outcomes, Instant at) {
        String label = rule + " " + outcomes;
        int n = outcomes.size();
        long run = f.watcher.trigger(dag, "{}", at);
        Map<String, TaskLease> leases = new HashMap<>();
        drain(f, leases);
        // the grandparents: a failure makes its parent UPSTREAM_FAILED
        int s = 0;
        int fl = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            boolean fails = outcomes.get(i) == Outcome.UPSTREAM_FAILED;
            report(f, leases, "g" + (i + 1), fails ? TaskOutcome.failed("g fails") : TaskOutcome.success());
            fl += fails ? 1 : 0;
            drain(f, leases);
            check(f, run, label + " after g" + (i + 1), expectedNow(rule, new Counts(n, s, fl, k)));
        }
        for (int i = 0; i < n; i++) {
            Outcome o = outcomes.get(i);
            if (o == Outcome.UPSTREAM_FAILED) {
                assertEquals(TaskStatus.UPSTREAM_FAILED, status(f, run, "p" + (i + 1)), label);
                continue;
            }
            report(f, leases, "p" + (i + 1), switch (o) {
                case SUCCESS -> TaskOutcome.success();
                case FAILED -> TaskOutcome.failed("p fails");
                case SKIPPED -> TaskOutcome.skipped("nothing to do");
                case UPSTREAM_FAILED -> throw new AssertionError();
            });
            s += o == Outcome.SUCCESS ? 1 : 0;
            fl += o == Outcome.FAILED ? 1 : 0;
            k += o == Outcome.SKIPPED ? 1 : 0;
            drain(f, leases);
            check(f, run, label + " after p" + (i + 1), expectedNow(rule, new Counts(n, s, fl, k)));
        }
        TaskStatus end = finalStatus(rule, new Counts(n, s, fl, k));
        if (end == TaskStatus.SUCCESS) {
            report(f, leases, "t", TaskOutcome.success());
        }
        assertEquals(end, status(f, run, "t"), label + ": final state of t");
        TaskAttemptRecord rec = f.store.attempts().latest(run).stream()
                .filter(r -> r.key().taskId().equals("t")).findFirst().orElseThrow();
        if (end == TaskStatus.SKIPPED) {
            assertTrue(rec.reason().filter(r -> r.startsWith("upstream skipped: ") || r.startsWith("rule not met: ")).isPresent(),
                    label + ": reason " + rec.reason());
        } else if (end == TaskStatus.UPSTREAM_FAILED) {
            assertTrue(rec.reason().filter(r -> r.startsWith("upstream failed: ")).isPresent(), label + ": reason " + rec.reason());
        }
        boolean failed = outcomes.contains(Outcome.FAILED) || outcomes.contains(Outcome.UPSTREAM_FAILED)
                || end == TaskStatus.UPSTREAM_FAILED;
        assertEquals(failed ? DagRunStatus.FAILED : DagRunStatus.SUCCESS,
                f.store.dagRuns().find(run).orElseThrow().status(), label + ": run status");
        assertTrue(leases.isEmpty(), label + ": nothing left running " + leases.keySet());
    }

    /** What {@code t} is now, compared with the expectation: null = no attempt yet. */
    private static void check(CoreFixture f, long run, String label, TaskStatus expected) {
        TaskStatus actual = status(f, run, "t");
        if (expected == TaskStatus.SCHEDULED) {
            assertTrue(actual == TaskStatus.SCHEDULED || actual == TaskStatus.RUNNING, label + ": t must run, is " + actual);
        } else {
            assertEquals(expected, actual, label + ": state of t");
        }
    }

    private static TaskStatus status(CoreFixture f, long run, String task) {
        return f.store.attempts().latest(run).stream().filter(r -> r.key().taskId().equals(task))
                .map(TaskAttemptRecord::status).findFirst().orElse(null);
    }

    /** Hands out everything queued. */
    private static void drain(CoreFixture f, Map<String, TaskLease> leases) {
        for (Optional<QueuedTask> e = f.queue.poll(); e.isPresent(); e = f.queue.poll()) {
            f.attempts.handOut(e.get(), "exec-1").ifPresent(l -> leases.put(l.taskId(), l));
        }
    }

    private static void report(CoreFixture f, Map<String, TaskLease> leases, String task, TaskOutcome outcome) {
        TaskLease l = leases.remove(task);
        if (l == null) {
            throw new AssertionError(task + " was not handed out; leases: " + leases.keySet());
        }
        AttemptKey key = l.key();
        assertTrue(f.attempts.report(key, l.token(), outcome).accepted(), key + " " + outcome);
    }
}
