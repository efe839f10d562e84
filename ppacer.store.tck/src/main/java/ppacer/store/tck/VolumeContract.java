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
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;

/** The hot queries stay fast with 100,000 attempts (a sanity bound, not a benchmark). */
public interface VolumeContract extends StoreUnderTest {
    /** Runs of the volume DAG. */
    int RUNS = 1000;
    /** Attempts per run. */
    int TASKS = 100;
    /** Upper bound of the median latency of a hot query, in milliseconds. */
    long BOUND_MS = 50;

    private static long medianMillis(Supplier<?> query) {
        for (int i = 0; i < 5; i++) {
            query.get();
        }
        long[] nanos = new long[7];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            query.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1_000_000;
    }

    private static void assertFast(String what, Supplier<?> query) {
        long ms = medianMillis(query);
        assertTrue(ms < BOUND_MS, what + " took " + ms + " ms with 100,000 attempts (bound " + BOUND_MS + " ms)");
    }

    /** latest(runId), unfinished(), find(key) and transition answer in milliseconds over 100,000 attempts. */
    @Test
    default void hot_queries_stay_fast_with_100k_attempts() {
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
        assertFast("latest(runId)", () -> store().attempts().latest(mid));
        assertEquals(TASKS, store().attempts().latest(mid).size());
        assertFast("unfinished()", () -> store().attempts().unfinished());
        assertEquals(TASKS, store().attempts().unfinished().size());
        assertFast("find(key)", () -> store().attempts().find(key(mid, Fixtures.volumeTask(42), 0)));
        assertFast("dagRuns().latest(dagId)", () -> store().dagRuns().latest(VOLUME));
        assertFast("dagRuns().unfinished()", () -> store().dagRuns().unfinished());
        assertFast("dagRuns().recent(...)",
                () -> store().dagRuns().recent(java.util.Optional.empty(), java.util.Optional.empty(), 20));
        int[] next = {0};
        assertFast("transition", () -> {
            AttemptKey k = key(lastRun, Fixtures.volumeTask(next[0]++ % TASKS), 0);
            TaskStatus from = store().attempts().find(k).orElseThrow().status();
            return store().attempts().transition(AttemptTransition.of(k, from, from == SCHEDULED ? RUNNING : SCHEDULED, t(9)));
        });
    }
}
