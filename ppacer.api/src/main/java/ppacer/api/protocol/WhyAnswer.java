package ppacer.api.protocol;

import java.util.Map;

/**
 * Why a task, run or DAG is where it is ({@code GET /dagruns/{runId}/tasks/{taskId}/why},
 * {@code GET /dagruns/{runId}/why}, {@code GET /dags/{dagId}/why}; {@code ppacer why}).
 *
 * @param reason the kind: {@code WAITING_FOR_UPSTREAM}, {@code TRIGGER_RULE_NOT_MET}, {@code RETRY_DELAY},
 *     {@code MAX_ACTIVE_TASKS}, {@code MAX_ACTIVE_RUNS}, {@code DAG_PAUSED}, {@code QUEUED_NO_EXECUTOR},
 *     {@code QUEUED}, {@code NOT_LEADER}, {@code RUNNING}, {@code SUCCESS}, {@code FAILED}, {@code SKIPPED},
 *     {@code UPSTREAM_FAILED}, {@code CANCELLED}, {@code NEXT_SCHEDULE}, {@code POOL_FULL},
 *     {@code BACKFILL_THROTTLED}, {@code DEFERRED}; more may come, so a reader shows {@code message} for
 *     a kind it does not know
 * @param message one sentence: the reason and what ends it
 * @param details the facts behind it, per kind (see the README, "Why isn't my task running?")
 */
public record WhyAnswer(String reason, String message, Map<String, Object> details) {
}
