package ppacer.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ppacer.api.BranchTask;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;
import ppacer.api.TaskStatus;
import ppacer.api.TriggerRule;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;

/**
 * A DAG with a branch, a join and a teardown, and a finished run of it written straight to a store
 * (as a scheduler would have written it), for tests of what readers show of SKIPPED tasks, their
 * reasons and branch decisions:
 * <pre>
 *   pick ─┬─ left ──┬─ join ── cleanup (teardown of pick)
 *         └─ right ─┘
 * </pre>
 * {@code pick} is a branch task, {@code join} has the rule {@link TriggerRule#NONE_FAILED_MIN_ONE_SUCCESS},
 * {@code cleanup} is the teardown of {@code pick}. In the run, {@code pick} chose {@code left}; {@code right}
 * is SKIPPED with the reason {@value #RIGHT_REASON}; every other task succeeded.
 */
public final class BranchedRun {
    /** The DAG's id. */
    public static final String DAG_ID = "branchy";
    /** Why {@code right} is SKIPPED in the run. */
    public static final String RIGHT_REASON = "branch not chosen: 'pick' chose [left]";

    private BranchedRun() {
    }

    /** @return the DAG; its tasks do nothing (the run is written, not executed) */
    public static Dag dag() {
        Node pick = Node.of(BranchTask.of("pick", ctx -> List.of("left")));
        Node left = Node.of(idle("left"));
        Node right = Node.of(idle("right"));
        Node join = Node.of(idle("join"), TaskConfig.builder().triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS).build());
        pick.then(left, right).then(join);
        join.then(Node.of(idle("cleanup")).teardownOf(pick));
        return Dag.builder(DAG_ID).description("A branch, a join and a teardown (written runs only)").root(pick).build();
    }

    /**
     * Writes a finished (SUCCESS) run of {@link #dag()}, registered with the store's scheduler.
     *
     * @param store the store
     * @param at the run's logical time, creation time and every attempt's times (unique per run)
     * @return the run id
     */
    public static long insert(Store store, Instant at) {
        long runId = store.dagRuns().insert(new NewDagRun(DAG_ID, at, DagRunStatus.SUCCESS, "{}",
                ScheduleEventType.OUT_OF_BAND, 5, at));
        succeed(store, new AttemptKey(runId, "pick", 0), at, Optional.of(List.of("left")));
        succeed(store, new AttemptKey(runId, "left", 0), at, Optional.empty());
        store.attempts().insert(List.of(new NewAttempt(new AttemptKey(runId, "right", 0), TaskStatus.SKIPPED, at,
                Optional.of(RIGHT_REASON))));
        succeed(store, new AttemptKey(runId, "join", 0), at, Optional.empty());
        succeed(store, new AttemptKey(runId, "cleanup", 0), at, Optional.empty());
        return runId;
    }

    private static void succeed(Store store, AttemptKey key, Instant at, Optional<List<String>> branch) {
        store.attempts().insert(List.of(new NewAttempt(key, TaskStatus.SCHEDULED, at)));
        store.attempts().transition(AttemptTransition.of(key, TaskStatus.SCHEDULED, TaskStatus.RUNNING, at)
                .withLease("fixture", "token-" + key.taskId(), at.plusSeconds(60)));
        AttemptTransition done = AttemptTransition.of(key, TaskStatus.RUNNING, TaskStatus.SUCCESS, at);
        store.attempts().transition(branch.map(done::withBranch).orElse(done));
    }

    private static Task idle(String id) {
        return new Task() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void execute(TaskContext context) {
                // never run: the runs of this DAG are written to the store as finished
            }
        };
    }
}
