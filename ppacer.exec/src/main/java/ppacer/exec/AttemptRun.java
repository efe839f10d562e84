package ppacer.exec;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import ppacer.api.TaskContext;
import ppacer.api.TaskLogger;
import ppacer.api.TaskOutput;
import ppacer.api.TaskOutputException;
import ppacer.api.protocol.LogLine;
import ppacer.api.protocol.OutputBody;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;
import ppacer.exec.wire.OutputJson;

/**
 * One attempt being executed: its {@link TaskContext}, its buffered log records, and the race
 * between finishing and timing out.
 *
 * <p>Concurrency: the task thread logs and finishes; the timer thread may time it out or cancel it;
 * the flusher ships logs. {@link #claimOutcome()} decides, exactly once, who reports the outcome.
 * Log shipping is serialised per attempt by {@link #shipping}, so records keep their order.
 */
final class AttemptRun implements TaskContext, TaskLogger {
    /** Records kept while the scheduler cannot be reached; older ones are dropped beyond this. */
    static final int MAX_BUFFERED_LOGS = 10_000;

    private final TaskToExec task;
    private final Instant logicalTime;
    private final Instant deadline;
    private final String paramsJson;
    private final java.time.InstantSource clock;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean outcomeClaimed = new AtomicBoolean();
    private final ConcurrentLinkedQueue<LogLine> logs = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    final ReentrantLock shipping = new ReentrantLock();
    private volatile List<String> children = List.of();
    private volatile List<String> parents = List.of();
    private volatile List<String> branch;
    private volatile TaskOutput output;
    private final PreviousOutputs previous;
    private volatile String traceparent = "";
    private final RunStatuses runStatuses;
    volatile Thread thread;
    volatile Instant lastHeartbeat;

    /** Reads a task's output of an earlier run (a call to the scheduler). */
    @FunctionalInterface
    interface PreviousOutputs {
        /**
         * @param dagId the DAG
         * @param taskId the task
         * @param before the logical time the run must be before
         * @return the output of the latest such run that stored one
         */
        Optional<TaskOutput> find(String dagId, String taskId, Instant before);
    }

    /** @param value the W3C trace context of this execution, empty when not traced */
    void traceparent(String value) {
        traceparent = value;
    }

    @Override
    public String traceparent() {
        return traceparent;
    }

    AttemptRun(TaskToExec task, String paramsJson, java.time.InstantSource clock) {
        this(task, paramsJson, clock, (d, t, b) -> {
            throw new TaskOutputException("Outputs of earlier runs cannot be read here");
        });
    }

    AttemptRun(TaskToExec task, String paramsJson, java.time.InstantSource clock, PreviousOutputs previous) {
        this(task, paramsJson, clock, previous, (d, t) -> {
            throw new ppacer.api.PpacerException("The status of runs of '" + d + "' cannot be read here");
        });
    }

    /** Reads the status of a DAG's run at a logical time (a call to the scheduler). */
    @FunctionalInterface
    interface RunStatuses {
        /**
         * @param dagId the DAG
         * @param logicalTime the run's logical time
         * @return its status, empty when there is no such run
         */
        Optional<ppacer.api.DagRunStatus> find(String dagId, Instant logicalTime);
    }

    AttemptRun(TaskToExec task, String paramsJson, java.time.InstantSource clock, PreviousOutputs previous,
               RunStatuses runStatuses) {
        this.task = task;
        this.previous = previous;
        this.runStatuses = runStatuses;
        this.logicalTime = OffsetDateTime.parse(task.execTs()).toInstant();
        this.clock = clock;
        Instant now = clock.instant();
        this.deadline = now.plusMillis(task.timeoutMs());
        this.lastHeartbeat = now;
        this.paramsJson = paramsJson;
    }

    TaskToExec task() {
        return task;
    }

    /** @param ids the task's direct children, which {@link #branch} checks against */
    void children(List<String> ids) {
        children = List.copyOf(ids);
    }

    /** @param ids the task's direct parents, whose outputs {@link #input} reads */
    void parents(List<String> ids) {
        parents = List.copyOf(ids);
    }

    @Override
    public void output(Object value) {
        output = checked(OutputJson.write(task.taskId(), value));
    }

    @Override
    public void output(byte[] content, String contentType) {
        output = checked(new TaskOutput(contentType, content));
    }

    private TaskOutput checked(TaskOutput out) {
        int limit = task.maxOutputBytes();
        if (limit > 0 && out.size() > limit) {
            throw new TaskOutputException("Task '" + task.taskId() + "' set an output of " + out.size() + " bytes, over "
                    + "the scheduler's limit of " + limit + " bytes; pass large data by reference (write it to a file or "
                    + "an object store and output its path or URL)");
        }
        return out;
    }

    /** @return the output the task set, or null */
    TaskOutput output() {
        return output;
    }

    @Override
    public Optional<TaskOutput> rawInput(String parentId) {
        TaskContext.checkParent(task.taskId(), parents, parentId);
        OutputBody body = task.inputs().get(parentId);
        return body == null ? Optional.empty() : Optional.of(body.toOutput());
    }

    private TaskOutput required(String parentId) {
        return rawInput(parentId).orElseThrow(() -> new TaskOutputException("Task '" + parentId + "', a parent of '"
                + task.taskId() + "', stored no output in run " + task.runId()));
    }

    @Override
    public <T> T input(String parentId, Class<T> type) {
        return OutputJson.read("task '" + parentId + "'", required(parentId), type);
    }

    @Override
    public <T> List<T> inputList(String parentId, Class<T> elementType) {
        return OutputJson.readList("task '" + parentId + "'", required(parentId), elementType);
    }

    @Override
    public List<ppacer.api.AssetEvent> triggeringEvents() {
        return task.triggeringEvents().stream().map(ppacer.api.protocol.AssetEventView::toEvent).toList();
    }

    @Override
    public Optional<ppacer.api.DagRunStatus> dagRunStatus(String dagId, Instant logicalTime) {
        return runStatuses.find(java.util.Objects.requireNonNull(dagId, "dagId"),
                java.util.Objects.requireNonNull(logicalTime, "logicalTime"));
    }

    @Override
    public <T> Optional<T> previousOutput(String taskId, Class<T> type) {
        return previous.find(task.dagId(), taskId, logicalTime)
                .map(o -> OutputJson.read("task '" + taskId + "' in an earlier run", o, type));
    }

    @Override
    public java.util.OptionalInt mapIndex() {
        return task.mapIndex() == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(task.mapIndex());
    }

    @Override
    public <T> T mapItem(Class<T> type) {
        if (task.mapIndex() == null || task.mapItem() == null) {
            return TaskContext.super.mapItem(type);
        }
        return OutputJson.read("item " + task.mapIndex() + " of task '" + task.taskId() + "'",
                TaskOutput.json(task.mapItem()), type);
    }

    @Override
    public List<String> children() {
        return children;
    }

    @Override
    public void branch(java.util.Collection<String> childIds) {
        branch = TaskContext.checkBranch(task.taskId(), children, childIds);
    }

    /** @return the children chosen by the task, or null when it did not branch */
    List<String> branchChoice() {
        return branch;
    }

    Duration timeout() {
        return Duration.ofMillis(task.timeoutMs());
    }

    /** @return true for exactly one caller: the one that reports the outcome */
    boolean claimOutcome() {
        return outcomeClaimed.compareAndSet(false, true);
    }

    /** Asks the task to stop (timeout, lost lease, shutdown) and interrupts its thread. */
    void cancel() {
        cancelled.set(true);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public String dagId() {
        return task.dagId();
    }

    @Override
    public String taskId() {
        return task.taskId();
    }

    @Override
    public long runId() {
        return task.runId();
    }

    @Override
    public Instant logicalTime() {
        return logicalTime;
    }

    @Override
    public int attempt() {
        return task.retry();
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
        return deadline;
    }

    boolean pastDeadline() {
        return !clock.instant().isBefore(deadline);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get() || !clock.instant().isBefore(deadline);
    }

    @Override
    public void log(Level level, String message, Map<String, ?> attributes) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> attrs.put(k, v == null ? null : v instanceof Number || v instanceof Boolean
                    ? v : String.valueOf(v)));
        }
        logs.add(new LogLine(clock.instant().toString(), level.getName(), String.valueOf(message), attrs));
        if (buffered.incrementAndGet() > MAX_BUFFERED_LOGS && logs.poll() != null) {
            buffered.decrementAndGet();
            dropped.incrementAndGet();
        }
    }

    /**
     * @param max the most records
     * @param executorId the executor sending them
     * @return up to {@code max} buffered records of this attempt, removed from the buffer
     */
    TaskLogBatch drain(int max, String executorId) {
        List<LogLine> out = new ArrayList<>(Math.min(max, Math.max(1, buffered.get())));
        int lost = dropped.getAndSet(0);
        if (lost > 0) {
            out.add(new LogLine(clock.instant().toString(), Level.WARNING.getName(),
                    lost + " log records dropped while the scheduler was unreachable", Map.of()));
        }
        LogLine l;
        while (out.size() < max && (l = logs.poll()) != null) {
            buffered.decrementAndGet();
            out.add(l);
        }
        return new TaskLogBatch(task.runId(), task.taskId(), task.retry(), task.token(), out, executorId);
    }

    /** Puts records back at the head after a failed shipment (order kept, limit applied). */
    void requeue(TaskLogBatch batch) {
        List<LogLine> rest = new ArrayList<>(batch.records());
        LogLine l;
        while ((l = logs.poll()) != null) {
            rest.add(l);
        }
        buffered.set(0);
        int start = Math.max(0, rest.size() - MAX_BUFFERED_LOGS);
        dropped.addAndGet(start);
        for (int i = start; i < rest.size(); i++) {
            logs.add(rest.get(i));
            buffered.incrementAndGet();
        }
    }

    boolean hasLogs() {
        return buffered.get() > 0 || dropped.get() > 0;
    }

    @Override
    public String toString() {
        return "run " + task.runId() + " task '" + task.taskId() + "' attempt " + task.retry() + " of DAG '"
                + task.dagId() + "'";
    }
}
