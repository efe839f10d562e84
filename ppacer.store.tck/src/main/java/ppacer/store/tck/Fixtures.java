package ppacer.store.tck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DagDefinition;
import ppacer.api.spi.DagTaskDefinition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;

/**
 * Builders of test records with fixed instants, so that contract tests stay deterministic.
 *
 * <p>Runs are inserted only for the DAGs of {@link #standardDags()} ({@value #ETL}, {@value #REPORT}
 * and {@value #VOLUME}), so a store may reference DAGs from runs with a foreign key.
 */
public final class Fixtures {
    /** A fixed base instant: 2024-03-01T10:00:00Z. */
    public static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    /** A standard DAG with tasks {@code extract → transform → load}. */
    public static final String ETL = "etl";
    /** A standard DAG with tasks {@code query → render}. */
    public static final String REPORT = "report";
    /** A standard DAG with 100 tasks {@code t000..t099}, for volume tests. */
    public static final String VOLUME = "volume";

    private Fixtures() {
    }

    /**
     * @param seconds seconds after {@link #T0}
     * @return {@code T0 + seconds}
     */
    public static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /**
     * A DAG whose tasks form a chain, each task the parent of the next.
     *
     * @param dagId the DAG id
     * @param fingerprint the fingerprint
     * @param taskIds the tasks, in order
     * @return the definition (description "about dagId", tag "test", schedule "@every 1h")
     */
    public static DagDefinition dag(String dagId, String fingerprint, String... taskIds) {
        List<DagTaskDefinition> tasks = new ArrayList<>();
        for (int i = 0; i < taskIds.length; i++) {
            List<String> parents = i == 0 ? List.of() : List.of(taskIds[i - 1]);
            tasks.add(new DagTaskDefinition(taskIds[i], "com.example." + taskIds[i], parents, i + 1, 1,
                    "{\"timeout\":\"PT1M\",\"task\":\"" + taskIds[i] + "\"}"));
        }
        return new DagDefinition(dagId, "about " + dagId, List.of("test", "team-a"), "@every 1h", false, 1,
                fingerprint, tasks);
    }

    /**
     * A copy of a definition with another description (a metadata-only change).
     *
     * @param d the definition
     * @param description the new description
     * @return the copy
     */
    public static DagDefinition withDescription(DagDefinition d, String description) {
        return new DagDefinition(d.dagId(), description, d.tags(), d.schedule(), d.catchUp(), d.maxActiveRuns(),
                d.fingerprint(), d.tasks());
    }

    /** @return the DAGs that runs in the contract tests belong to */
    public static List<DagDefinition> standardDags() {
        String[] volumeTasks = new String[100];
        for (int i = 0; i < volumeTasks.length; i++) {
            volumeTasks[i] = volumeTask(i);
        }
        return List.of(dag(ETL, "etl-1", "extract", "transform", "load"), dag(REPORT, "report-1", "query", "render"),
                dag(VOLUME, "volume-1", volumeTasks));
    }

    /**
     * @param i 0..99
     * @return the id of the volume DAG's i-th task, {@code t000}..{@code t099}
     */
    public static String volumeTask(int i) {
        return "t%03d".formatted(i);
    }

    /**
     * A QUEUED, REGULAR run with params {@code {}} and 3 tasks, created at its logical time.
     *
     * @param dagId the DAG
     * @param logicalTime the logical time
     * @return the run
     */
    public static NewDagRun run(String dagId, Instant logicalTime) {
        return run(dagId, logicalTime, DagRunStatus.QUEUED, 3);
    }

    /**
     * A REGULAR run with params {@code {}}, created at its logical time.
     *
     * @param dagId the DAG
     * @param logicalTime the logical time
     * @param status the initial status
     * @param taskCount the number of tasks
     * @return the run
     */
    public static NewDagRun run(String dagId, Instant logicalTime, DagRunStatus status, int taskCount) {
        return new NewDagRun(dagId, logicalTime, status, "{}", ScheduleEventType.REGULAR, taskCount, logicalTime);
    }

    /**
     * @param runId the run
     * @param taskId the task
     * @param attempt the attempt number
     * @return the key
     */
    public static AttemptKey key(long runId, String taskId, int attempt) {
        return new AttemptKey(runId, taskId, attempt);
    }

    /**
     * A SCHEDULED attempt.
     *
     * @param runId the run
     * @param taskId the task
     * @param attempt the attempt number
     * @param at the insert time
     * @return the attempt
     */
    public static NewAttempt attempt(long runId, String taskId, int attempt, Instant at) {
        return new NewAttempt(key(runId, taskId, attempt), TaskStatus.SCHEDULED, at);
    }
}
