package ppacer.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import ppacer.api.protocol.DagTaskView;
import ppacer.api.protocol.Timestamp;

/**
 * The answers of the web UI's own endpoints ({@code /ui/dagrun/...}), with ppacer's field names.
 * They are shaped for the UI and may change with it; programs use the public endpoints, whose
 * bodies are the {@code ppacer.api.protocol} records.
 */
final class UiBodies {
    private UiBodies() {
    }

    /**
     * {@code GET /ui/dagrun/stats}.
     *
     * @param dagruns runs by lower-case status
     * @param dagrunTasks attempts by lower-case status
     * @param dagrunQueueLen runs waiting for a slot or an unpause
     * @param taskSchedulerQueueLen attempts queued
     * @param goroutinesNum attempts running (ppacer's name)
     * @param activeRuns runs being executed
     * @param runningTasks attempts running
     * @param state the scheduler's state
     * @param executors the executors seen lately
     */
    record Stats(Map<String, Long> dagruns, Map<String, Long> dagrunTasks, int dagrunQueueLen,
                 int taskSchedulerQueueLen, int goroutinesNum, int activeRuns, int runningTasks, String state,
                 List<ExecutorSeen> executors) {
    }

    /**
     * @param executorId the executor
     * @param runningAttempts its attempts running now
     * @param lastSeen the last change of one of its attempts
     */
    record ExecutorSeen(String executorId, int runningAttempts, Timestamp lastSeen) {
    }

    /**
     * One run of {@code GET /ui/dagrun/latest/{n}}.
     *
     * @param runId the run
     * @param dagId its DAG
     * @param execTs its logical time
     * @param insertTs when it was created
     * @param status its status
     * @param statusUpdateTs when its status last changed
     * @param duration its duration as text
     * @param taskNum its tasks
     * @param taskCompletedNum tasks done
     * @param taskFailedNum tasks failed
     * @param trigger why it exists
     * @param restarts how often it was restarted
     */
    record RunRow(long runId, String dagId, Timestamp execTs, Timestamp insertTs, String status,
                  Timestamp statusUpdateTs, String duration, int taskNum, int taskCompletedNum, int taskFailedNum,
                  String trigger, int restarts) {
    }

    /**
     * {@code GET /ui/dagrun/{runId}}.
     *
     * @param runId the run
     * @param dagId its DAG
     * @param execTs its logical time
     * @param execTsRaw its logical time, ISO
     * @param status its status
     * @param duration its duration as text
     * @param params its parameters
     * @param trigger why it exists
     * @param restarts how often it was restarted
     * @param tasks per task, each attempt (or the task not started)
     */
    record RunView(long runId, String dagId, Timestamp execTs, String execTsRaw, String status, String duration,
                   JsonNode params, String trigger, int restarts, List<TaskView> tasks) {
    }

    /**
     * One attempt of a task ({@code GET /ui/dagrun/task/{runId}/{taskId}/{retry}}), or the task not
     * started yet ({@code retry} -1, status {@code NO_STATUS}).
     *
     * @param taskId the task
     * @param retry the attempt, -1 when not started
     * @param taskNotStarted whether no attempt exists yet
     * @param status the attempt's status or {@code NO_STATUS}
     * @param taskPosition where the UI draws the task
     * @param configJson the task's stored config
     * @param insertTs when the attempt was scheduled, or null
     * @param startTs when it was handed out, or null
     * @param endTs when it finished, or null
     * @param duration from its start to its end (or now) as text; null when it never started
     * @param executorId its executor, or null
     * @param error its error, or null
     * @param reason why it is SKIPPED or UPSTREAM_FAILED ({@code branch not chosen: ...},
     *     {@code upstream failed: ...}), or null
     * @param branch the children it chose when it is a branch that succeeded (empty: none), or null
     * @param taskLogs a page of its log
     */
    record TaskView(String taskId, int retry, boolean taskNotStarted, String status, DagTaskView.Position taskPosition,
                    String configJson, Timestamp insertTs, Timestamp startTs, Timestamp endTs, String duration,
                    String executorId, String error, String reason, List<String> branch, TaskLogs taskLogs) {
    }

    /**
     * @param logRecordsCount records in the attempt's log
     * @param loadedRecords records in this page
     * @param offset the page's first record
     * @param logRecords the page
     */
    record TaskLogs(long logRecordsCount, int loadedRecords, long offset, List<LogRecordView> logRecords) {
    }

    /**
     * @param insertTs when the record was written
     * @param level its level
     * @param message its message
     * @param attributesJson its attributes as JSON text
     */
    record LogRecordView(Timestamp insertTs, String level, String message, String attributesJson) {
    }
}
