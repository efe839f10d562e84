package ppacer.api.protocol;

import java.time.Instant;
import java.util.Optional;
import ppacer.api.AssetEvent;
import ppacer.api.AssetEventSource;

/**
 * An asset event on the wire (API answers, and the triggering events handed out with a task).
 *
 * @param id the event id
 * @param asset the asset name
 * @param at when it was recorded (ISO-8601 instant)
 * @param source {@code TASK} or {@code EXTERNAL}
 * @param dagId the producing DAG (TASK)
 * @param runId the producing run (TASK)
 * @param logicalTime the producing run's logical time (TASK, ISO-8601 instant)
 * @param taskId the producing task (TASK)
 * @param attempt the producing attempt (TASK)
 * @param principal who posted it (EXTERNAL: the API key's name)
 * @param address where it was posted from (EXTERNAL), when known
 * @param metadataJson the producer's metadata, a JSON object text
 * @param idempotencyKey the producer's idempotency key, when given
 */
public record AssetEventView(long id, String asset, String at, String source, String dagId, Long runId,
                             String logicalTime, String taskId, Integer attempt, String principal, String address,
                             String metadataJson, String idempotencyKey) {
    /**
     * @param e an event
     * @return its wire form
     */
    public static AssetEventView of(AssetEvent e) {
        return switch (e.source()) {
            case AssetEventSource.Task t -> new AssetEventView(e.id(), e.asset(), e.at().toString(), "TASK", t.dagId(),
                    t.runId(), t.logicalTime().toString(), t.taskId(), t.attempt(), null, null, e.metadataJson(),
                    e.idempotencyKey().orElse(null));
            case AssetEventSource.External x -> new AssetEventView(e.id(), e.asset(), e.at().toString(), "EXTERNAL", null,
                    null, null, null, null, x.principal(), x.address().orElse(null), e.metadataJson(),
                    e.idempotencyKey().orElse(null));
        };
    }

    /** @return the event this view shows */
    public AssetEvent toEvent() {
        AssetEventSource s = "TASK".equals(source)
                ? new AssetEventSource.Task(dagId, runId == null ? 0 : runId, Instant.parse(logicalTime), taskId,
                        attempt == null ? 0 : attempt)
                : new AssetEventSource.External(principal == null ? "unknown" : principal, Optional.ofNullable(address));
        return new AssetEvent(id, asset, Instant.parse(at), s, metadataJson == null ? "{}" : metadataJson,
                Optional.ofNullable(idempotencyKey));
    }
}
