package ppacer.scheduler.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ppacer.api.DagRunStatus;

/**
 * Why a run is where it is ({@code Scheduler.why(long)}): the reasons that hold back the run as a whole
 * (paused DAG, max active runs, no executor, a standby scheduler; or how a finished run ended), and the
 * reason of each of its tasks that has not finished.
 *
 * @param runId the run
 * @param dagId its DAG
 * @param status its status
 * @param run the run-level reasons, in a fixed order
 * @param tasks per unfinished task id, in the DAG's order, its reason
 */
public record RunWhy(long runId, String dagId, DagRunStatus status, List<Why> run, Map<String, Why> tasks) {
    /** Freezes. */
    public RunWhy {
        run = List.copyOf(run);
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }
}
