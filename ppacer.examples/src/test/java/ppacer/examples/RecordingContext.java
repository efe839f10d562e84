package ppacer.examples;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import ppacer.api.TaskContext;
import ppacer.api.TaskLogger;

/** A TaskContext for tests: one attempt of one task, never cancelled, log lines recorded. */
record RecordingContext(String dagId, String taskId, int attempt, String paramsJson, List<String> lines)
        implements TaskContext, TaskLogger {

    RecordingContext(String dagId, String taskId, int attempt, String paramsJson) {
        this(dagId, taskId, attempt, paramsJson, new CopyOnWriteArrayList<>());
    }

    @Override
    public long runId() {
        return 7;
    }

    @Override
    public Instant logicalTime() {
        return Instant.parse("2026-01-01T00:05:00Z");
    }

    @Override
    public TaskLogger logger() {
        return this;
    }

    @Override
    public Instant deadline() {
        return Instant.MAX;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void log(Level level, String message, Map<String, ?> attributes) {
        lines.add(level + " " + message);
    }
}
