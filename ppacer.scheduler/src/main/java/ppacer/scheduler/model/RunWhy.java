package ppacer.scheduler.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ppacer.api.DagRunStatus;

/**
 * Why a run is where it is ({@code Scheduler.why(long)}): the reasons that hold back the run as a whole
 * (paused DAG, max active runs, no executor, a standby scheduler; or how a finished run ended), how many
 * of its unfinished tasks wait for each reason, and the reason of each task of one page of them.
 *
 * @param runId the run
 * @param dagId its DAG
 * @param status its status
 * @param run the run-level reasons, in a fixed order
 * @param tasks per task id of the page, in {@link Why.Kind#readingRank() reading order}, its reason
 * @param counts how many unfinished tasks have each reason (all of them, not only the page's), in
 *     reading order of the reasons
 * @param total how many unfinished tasks the page is taken from (those of the asked reason, or all)
 */
public record RunWhy(long runId, String dagId, DagRunStatus status, List<Why> run, Map<String, Why> tasks,
                     Map<Why.Kind, Integer> counts, int total) {
    /** Freezes. */
    public RunWhy {
        run = List.copyOf(run);
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /**
     * Every unfinished task's reason (no page): the counts are those of {@code tasks}.
     *
     * @param runId the run
     * @param dagId its DAG
     * @param status its status
     * @param run the run-level reasons
     * @param tasks every unfinished task's reason
     */
    public RunWhy(long runId, String dagId, DagRunStatus status, List<Why> run, Map<String, Why> tasks) {
        this(runId, dagId, status, run, tasks, countsOf(tasks.values()), tasks.size());
    }

    /**
     * @param reasons reasons
     * @return how many of each kind, in reading order of the kinds
     */
    public static Map<Why.Kind, Integer> countsOf(Iterable<Why> reasons) {
        int[] n = new int[Why.Kind.values().length];
        for (Why w : reasons) {
            n[w.kind().ordinal()]++;
        }
        return countsOf(n);
    }

    /**
     * @param n per kind ordinal, a count
     * @return the non-zero counts, in reading order of the kinds
     */
    public static Map<Why.Kind, Integer> countsOf(int[] n) {
        Map<Why.Kind, Integer> out = new LinkedHashMap<>();
        for (Why.Kind k : Why.Kind.inReadingOrder()) {
            if (n[k.ordinal()] > 0) {
                out.put(k, n[k.ordinal()]);
            }
        }
        return out;
    }
}
