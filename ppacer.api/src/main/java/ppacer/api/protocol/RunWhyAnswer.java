package ppacer.api.protocol;

import java.util.List;
import java.util.Map;
import ppacer.api.DagRunStatus;

/**
 * Why a run is where it is ({@code GET /dagruns/{runId}/why?limit=&offset=&reason=}, {@code ppacer why RUN}):
 * a summary first (the run's own reasons and how many unfinished tasks wait for each reason), then the
 * answers of one page of its unfinished tasks, the ones most worth reading first: held back by something
 * outside the run's own progress (no executor, paused DAG, limits, pools, retry delays, deferrals), then
 * running, then queued, then waiting for their parents; the DAG's order within each.
 *
 * @param runId the run
 * @param dagId its DAG
 * @param status its status
 * @param run the reasons of the run as a whole (paused DAG, max active runs, no executor, a standby
 *     scheduler; how a finished run ended)
 * @param counts per reason, how many of the run's unfinished tasks have it (all of them, in reading order)
 * @param total how many unfinished tasks the page is taken from (of {@code reason} when asked, else all)
 * @param offset the tasks of that order passed over
 * @param limit the most tasks a page holds (default 100)
 * @param tasks the page: the reason of each of at most {@code limit} unfinished tasks, in reading order
 */
public record RunWhyAnswer(long runId, String dagId, DagRunStatus status, List<WhyAnswer> run, Map<String, Integer> counts,
                           int total, int offset, int limit, List<TaskWhyAnswer> tasks) {
}
