package ppacer.tasks;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import ppacer.api.TaskContext;
import ppacer.api.TaskLogger;

/** A TaskContext for tests: records log lines, cancelled on demand. */
final class RecordingContext implements TaskContext, TaskLogger {
    record Line(Level level, String message) {
    }

    final List<Line> lines = new CopyOnWriteArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    private final int attempt;
    private final String paramsJson;

    RecordingContext() {
        this(0, "{}");
    }

    RecordingContext(int attempt, String paramsJson) {
        this.attempt = attempt;
        this.paramsJson = paramsJson;
    }

    @Override
    public String dagId() {
        return "test_dag";
    }

    @Override
    public String taskId() {
        return "test_task";
    }

    @Override
    public long runId() {
        return 42;
    }

    @Override
    public Instant logicalTime() {
        return Instant.parse("2026-01-01T00:00:00Z");
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public String paramsJson() {
        return paramsJson;
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
        return cancelled.get();
    }

    @Override
    public void log(Level level, String message, Map<String, ?> attributes) {
        lines.add(new Line(level, message));
    }

    List<String> messages(Level level) {
        return lines.stream().filter(l -> l.level() == level).map(Line::message).toList();
    }

    /** Waits until a line matches, polling; fails after {@code timeout}. */
    Line awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Line l : lines) {
                if (match.test(l.message())) {
                    return l;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("No log line matched within " + timeout + "; lines: " + lines);
    }
}
