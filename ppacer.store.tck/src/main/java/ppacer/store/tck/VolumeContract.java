package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.TaskStatus.RUNNING;
import static ppacer.api.TaskStatus.SCHEDULED;
import static ppacer.api.TaskStatus.UPSTREAM_FAILED;
import static ppacer.store.tck.Fixtures.VOLUME;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;

/**
 * The hot queries over 100,000 attempts: they answer correctly, and the database reaches their rows
 * through indexes, never by reading the attempts table in full. The check is the database's own query
 * plan, not a stopwatch: a time bound fails on a busy machine and passes a missing index on a fast one
 * (timings belong in BENCHMARKS.md, not in a test).
 */
public interface VolumeContract extends StoreUnderTest {
    /** Runs of the volume DAG. */
    int RUNS = 1000;
    /** Attempts per run. */
    int TASKS = 100;
    /** The hot queries every store must explain in {@link #hotQueryPlans}. */
    List<String> HOT_QUERIES = List.of("find(key)", "latest(runId)", "unfinished()", "transition",
            "dagRuns().latest(dagId)", "dagRuns().unfinished()", "dagRuns().recent(...)");

    /**
     * The plans of the hot queries as the store's database would run them now, with the arguments given.
     *
     * @param runId a run of the volume DAG in the middle of the data
     * @param key an attempt of that run
     * @param dagId the volume DAG
     * @return a plan for each name of {@link #HOT_QUERIES}, and for any other statement a store runs to answer
     *     them (e.g. a second query of {@code recent}); none may read the attempts table in full
     */
    Map<String, QueryPlan> hotQueryPlans(long runId, AttemptKey key, String dagId);

    /** latest(runId), unfinished(), find(key) and transition are right over 100,000 attempts and use indexes. */
    @Test
    default void hot_queries_use_indexes_with_100k_attempts() {
        ensureStandardDags();
        long[] runs = new long[RUNS];
        List<NewAttempt> batch = new ArrayList<>();
        for (int r = 0; r < RUNS; r++) {
            runs[r] = newRun(VOLUME, t(3600L * r));
            boolean last = r == RUNS - 1;
            for (int i = 0; i < TASKS; i++) {
                batch.add(new NewAttempt(key(runs[r], Fixtures.volumeTask(i), 0), last ? SCHEDULED : UPSTREAM_FAILED, t(r)));
            }
            if (batch.size() >= 5000) {
                store().attempts().insert(batch);
                batch.clear();
            }
        }
        store().attempts().insert(batch);
        assertEquals(RUNS * (long) TASKS, store().attempts().countByStatus().values().stream().mapToLong(Long::longValue).sum());

        long mid = runs[RUNS / 2];
        long lastRun = runs[RUNS - 1];
        AttemptKey k42 = key(mid, Fixtures.volumeTask(42), 0);
        assertEquals(TASKS, store().attempts().latest(mid).size());
        assertEquals(TASKS, store().attempts().unfinished().size());
        assertEquals(UPSTREAM_FAILED, store().attempts().find(k42).orElseThrow().status());
        assertEquals(lastRun, store().dagRuns().latest(VOLUME).orElseThrow().runId());
        assertEquals(20, store().dagRuns().recent(Optional.empty(), Optional.empty(), 20).size());
        AttemptKey last0 = key(lastRun, Fixtures.volumeTask(0), 0);
        assertTrue(store().attempts().transition(AttemptTransition.of(last0, SCHEDULED, RUNNING, t(9))));

        Map<String, QueryPlan> plans = hotQueryPlans(mid, k42, VOLUME);
        List<String> problems = new ArrayList<>();
        for (String name : HOT_QUERIES) {
            if (!plans.containsKey(name)) {
                problems.add(name + ": no plan given");
            }
        }
        plans.forEach((name, plan) -> {
            if (plan.fullScans().contains("task_attempts")) {
                problems.add(name + " reads all of task_attempts: " + plan.text());
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
