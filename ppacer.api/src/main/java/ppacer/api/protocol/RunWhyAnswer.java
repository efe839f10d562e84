package ppacer.api.protocol;

import java.util.List;
import ppacer.api.DagRunStatus;

/**
 * Why a run is where it is ({@code GET /dagruns/{runId}/why}, {@code ppacer why RUN}).
 *
 * @param runId the run
 * @param dagId its DAG
 * @param status its status
 * @param run the reasons of the run as a whole (paused DAG, max active runs, no executor, a standby
 *     scheduler; how a finished run ended)
 * @param tasks the reason of every unfinished task, in the DAG's order
 */
public record RunWhyAnswer(long runId, String dagId, DagRunStatus status, List<WhyAnswer> run, List<TaskWhyAnswer> tasks) {
}
