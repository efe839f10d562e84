package ppacer.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import ppacer.api.TaskContext;
import ppacer.api.TaskLogger;
import ppacer.api.TaskOutput;
import ppacer.api.TaskOutputException;

/**
 * A {@link TaskContext} for tests: one attempt of one task, with no deadline, cancelled on demand
 * ({@link #cancel()}), its log lines recorded in order.
 */
public final class RecordingContext implements TaskContext, TaskLogger {
    private String traceparent = "";
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private List<String> children = List.of();
    private java.util.Optional<List<String>> branch = java.util.Optional.empty();
    private final Map<String, Optional<TaskOutput>> inputs = new LinkedHashMap<>();
    private final Map<String, TaskOutput> previous = new LinkedHashMap<>();
    private volatile TaskOutput output;
    private int mapIndex = -1;
    private TaskOutput mapItem;

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

    /**
     * Adds a direct parent that stored an output (read by {@link #input} and {@link #rawInput}).
     *
     * @param parentId the parent's id
     * @param value its output, written as JSON; a {@link TaskOutput} is taken as is
     * @return this context
     */
    public RecordingContext withInput(String parentId, Object value) {
        inputs.put(parentId, Optional.of(value instanceof TaskOutput o ? o : json(value)));
        return this;
    }

    /**
     * Adds a direct parent that stored no output.
     *
     * @param parentId the parent's id
     * @return this context
     */
    public RecordingContext withParent(String parentId) {
        inputs.put(parentId, Optional.empty());
        return this;
    }

    /**
     * Sets the output a task stored in the latest earlier run ({@link #previousOutput}).
     *
     * @param task the task's id
     * @param value its output, written as JSON
     * @return this context
     */
    public RecordingContext withPreviousOutput(String task, Object value) {
        previous.put(task, json(value));
        return this;
    }

    /**
     * Makes this the context of an instance of a mapped task ({@link ppacer.api.TaskMapping}): its
     * index ({@link #mapIndex()}) and item ({@link #mapItem(Class)}).
     *
     * @param index the instance's index
     * @param item its item, written as JSON
     * @return this context
     */
    public RecordingContext withMapItem(int index, Object item) {
        mapIndex = index;
        mapItem = json(item);
        return this;
    }

    /**
     * Gives this context a trace context ({@link #traceparent()}).
     *
     * @param value a W3C traceparent
     * @return this context
     */
    public RecordingContext withTraceparent(String value) {
        traceparent = value;
        return this;
    }

    @Override
    public String traceparent() {
        return traceparent;
    }

    @Override
    public java.util.OptionalInt mapIndex() {
        return mapIndex < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(mapIndex);
    }

    @Override
    public <T> T mapItem(Class<T> type) {
        return mapItem == null ? TaskContext.super.mapItem(type) : read(mapItem, JSON.constructType(type));
    }

    private static TaskOutput json(Object value) {
        try {
            return new TaskOutput(TaskOutput.JSON, JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new TaskOutputException("Cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void output(Object value) {
        output = json(value);
    }

    @Override
    public void output(byte[] content, String contentType) {
        output = new TaskOutput(contentType, content);
    }

    /** @return the output the task set, if it set one */
    public Optional<TaskOutput> output() {
        return Optional.ofNullable(output);
    }

    /**
     * @param type what to read the output as
     * @param <T> the type
     * @return the output the task set, read as JSON
     * @throws AssertionError when the task set none
     */
    public <T> T output(Class<T> type) {
        return read(output().orElseThrow(() -> new AssertionError("task '" + taskId + "' set no output")),
                JSON.constructType(type));
    }

    @Override
    public Optional<TaskOutput> rawInput(String parentId) {
        TaskContext.checkParent(taskId, inputs.keySet(), parentId);
        return inputs.get(parentId);
    }

    @Override
    public <T> T input(String parentId, Class<T> type) {
        return read(required(parentId), JSON.constructType(type));
    }

    @Override
    public <T> List<T> inputList(String parentId, Class<T> elementType) {
        return read(required(parentId), JSON.getTypeFactory().constructCollectionType(List.class, elementType));
    }

    @Override
    public <T> Optional<T> previousOutput(String task, Class<T> type) {
        return Optional.ofNullable(previous.get(task)).map(o -> read(o, JSON.constructType(type)));
    }

    private TaskOutput required(String parentId) {
        return rawInput(parentId).orElseThrow(() -> new TaskOutputException("Task '" + parentId + "', a parent of '"
                + taskId + "', stored no output"));
    }

    private static <T> T read(TaskOutput o, JavaType type) {
        try {
            return JSON.readValue(o.bytes(), type);
        } catch (IOException e) {
            throw new TaskOutputException("An output does not read as " + type + ": " + e.getMessage(), e);
        }
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
