package ppacer.testkit;

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

/**
 * A {@link TaskContext} for tests: one attempt of one task, with no deadline, cancelled on demand
 * ({@link #cancel()}), its log lines recorded in order.
 */
public final class RecordingContext implements TaskContext, TaskLogger {
    /**
     * One recorded log line.
     *
     * @param level its level
     * @param message its message
     */
    public record Line(Level level, String message) {
        @Override
        public String toString() {
            return level + " " + message;
        }
    }

    private final String dagId;
    private final String taskId;
    private final long runId;
    private final Instant logicalTime;
    private final int attempt;
    private final String paramsJson;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private List<String> children = List.of();
    private java.util.Optional<List<String>> branch = java.util.Optional.empty();

    /**
     * @param dagId the DAG
     * @param taskId the task
     * @param runId the run
     * @param logicalTime the run's logical time
     * @param attempt the attempt, from 0
     * @param paramsJson the run's parameters
     */
    public RecordingContext(String dagId, String taskId, long runId, Instant logicalTime, int attempt,
                            String paramsJson) {
        this.dagId = dagId;
        this.taskId = taskId;
        this.runId = runId;
        this.logicalTime = logicalTime;
        this.attempt = attempt;
        this.paramsJson = paramsJson;
    }

    /** Attempt 0 of {@code test_dag.test_task}, run 42 at 2026-01-01T00:00:00Z, no parameters. */
    public RecordingContext() {
        this(0, "{}");
    }

    /**
     * An attempt of {@code test_dag.test_task}, run 42 at 2026-01-01T00:00:00Z.
     *
     * @param attempt the attempt, from 0
     * @param paramsJson the run's parameters
     */
    public RecordingContext(int attempt, String paramsJson) {
        this("test_dag", "test_task", 42, Instant.parse("2026-01-01T00:00:00Z"), attempt, paramsJson);
    }

    /**
     * Sets the task's direct children, which {@link #branch(java.util.Collection)} checks against.
     *
     * @param ids the children's ids
     * @return this context
     */
    public RecordingContext withChildren(String... ids) {
        children = List.of(ids);
        return this;
    }

    @Override
    public List<String> children() {
        return children;
    }

    @Override
    public void branch(java.util.Collection<String> childIds) {
        branch = java.util.Optional.of(TaskContext.checkBranch(taskId, children, childIds));
    }

    /** @return the children chosen by the last {@link #branch(java.util.Collection)}, empty when it was not called */
    public java.util.Optional<List<String>> branchChoice() {
        return branch;
    }

    @Override
    public String dagId() {
        return dagId;
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public long runId() {
        return runId;
    }

    @Override
    public Instant logicalTime() {
        return logicalTime;
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

    /** Cancels the attempt: {@link #isCancelled()} is true from now on. */
    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public void log(Level level, String message, Map<String, ?> attributes) {
        lines.add(new Line(level, message));
    }

    /** @return the recorded lines, in order (a live view) */
    public List<Line> lines() {
        return lines;
    }

    /** @return the recorded lines as {@code "LEVEL message"} texts, in order */
    public List<String> texts() {
        return lines.stream().map(Line::toString).toList();
    }

    /**
     * @param level a level
     * @return the messages logged at it, in order
     */
    public List<String> messages(Level level) {
        return lines.stream().filter(l -> l.level() == level).map(Line::message).toList();
    }

    /**
     * Waits until a line matches (see {@link Await}).
     *
     * @param match what to wait for
     * @param timeout the hang guard
     * @return the first matching line
     */
    public Line awaitLine(Predicate<String> match, Duration timeout) {
        return Await.value(timeout, () -> lines.stream().filter(l -> match.test(l.message())).findFirst(),
                () -> "no log line matched; lines: " + lines);
    }
}
