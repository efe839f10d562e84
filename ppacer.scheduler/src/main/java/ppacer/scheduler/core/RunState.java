package ppacer.scheduler.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import ppacer.api.Dag;
import ppacer.api.DagTask;
import ppacer.api.TaskStatus;

/**
 * The in-memory state of one active DAG run: per task the status of its current attempt, the
 * attempt number, the number of parents that have not succeeded yet, retries used and the lease
 * token while running.
 *
 * <p>Cost: finishing a task touches only its children ({@link #succeed}); a failure touches the
 * pending tasks below it. Nothing here scans the DAG except the explicit {@link #recount()} used by
 * start, recovery and operator actions.
 *
 * <p>Concurrency: not thread-safe by itself; every read and change happens in a change of
 * {@link RunCoordinator#withRun}, under the run's lock (the exception: {@link #holder(int)}).
 * Status {@code null} means "no current attempt" (pending, or reset by a restart or clear).
 */
public final class RunState {
    /** Guards every field of this run: its lock is taken only by {@link RunCoordinator#withRun} and its kin. */
    final RunCoordinator.Guard guard = new RunCoordinator.Guard();
    /**
     * Per DAG (by identity), the children of each task as task indices: built once per DAG, not per
     * run, so that a success follows int indices instead of looking child ids up (a hash lookup and
     * several cache misses per child in a DAG of 100,000 tasks; SchedulingLoopBenchmark, LAYERED).
     */
    private static final Map<Dag, int[][]> CHILDREN = Collections.synchronizedMap(new WeakHashMap<>());
    private final Dag dag;
    private final int[][] children;
    private final long runId;
    private final Instant logicalTime;
    private final String paramsJson;
    private final TaskStatus[] status;
    private final int[] attempt;
    private final int[] remaining;
    private final int[] retriesUsed;
    private final String[] token;
    /** Per task, the token and executor of its running attempt, written together; readable without the lock. */
    private final AtomicReferenceArray<Holder> holders;
    private final Instant[] startedAt;
    private final Instant[] lease;
    private int terminal;
    private int failed;
    private boolean finished;
    private boolean unsettled;

    /**
     * A run where no task has an attempt yet.
     *
     * @param dag the DAG
     * @param runId the run id
     * @param logicalTime the logical time
     * @param paramsJson the parameters
     */
    public RunState(Dag dag, long runId, Instant logicalTime, String paramsJson) {
        this.dag = dag;
        this.runId = runId;
        this.logicalTime = logicalTime;
        this.paramsJson = paramsJson;
        this.children = CHILDREN.computeIfAbsent(dag, RunState::childIndices);
        int n = dag.size();
        status = new TaskStatus[n];
        attempt = new int[n];
        Arrays.fill(attempt, -1);
        remaining = new int[n];
        retriesUsed = new int[n];
        token = new String[n];
        holders = new AtomicReferenceArray<>(n);
        startedAt = new Instant[n];
        lease = new Instant[n];
        for (DagTask t : dag.tasks()) {
            remaining[t.order()] = t.parents().size();
        }
    }

    private static int[][] childIndices(Dag dag) {
        List<DagTask> tasks = dag.tasks();
        int[][] out = new int[tasks.size()][];
        for (DagTask t : tasks) {
            out[t.order()] = t.children().stream().mapToInt(c -> dag.task(c).orElseThrow().order()).toArray();
        }
        return out;
    }

    /** @return the DAG */
    public Dag dag() {
        return dag;
    }

    /** @return the run id */
    public long runId() {
        return runId;
    }

    /** @return the logical time */
    public Instant logicalTime() {
        return logicalTime;
    }

    /** @return the parameters (JSON object text) */
    public String paramsJson() {
        return paramsJson;
    }

    /**
     * @param taskId a task id
     * @return its index (topological order), or -1 when the DAG has no such task
     */
    public int index(String taskId) {
        return dag.task(taskId).map(DagTask::order).orElse(-1);
    }

    /** @param i a task index @return the task */
    public DagTask task(int i) {
        return dag.tasks().get(i);
    }

    /** @param i a task index @return its current status, null when it has no current attempt */
    public TaskStatus status(int i) {
        return status[i];
    }

    /** @param i a task index @return its latest attempt number, -1 when none */
    public int attempt(int i) {
        return attempt[i];
    }

    /** @param i a task index @return retries used since the last reset */
    public int retriesUsed(int i) {
        return retriesUsed[i];
    }

    /** @param i a task index @param value retries used */
    public void retriesUsed(int i, int value) {
        retriesUsed[i] = value;
    }

    /** @param i a task index @return the lease token of the running attempt */
    public String token(int i) {
        return token[i];
    }

    /**
     * Who holds the lease of a running attempt. Read without the run lock: the pair is written
     * together, so a holder whose token matches a report's names the executor that got that token.
     *
     * @param token the attempt token
     * @param executorId the executor it was handed out to, null when unknown
     */
    public record Holder(String token, String executorId) {
    }

    /** @param i a task index @return the holder of the running attempt's lease, or null (not running, or unknown) */
    public Holder holder(int i) {
        return holders.getAcquire(i);
    }

    /**
     * @param i a task index
     * @param leaseToken the running attempt's token
     * @param executorId the executor it was handed out to
     */
    public void holder(int i, String leaseToken, String executorId) {
        holders.setRelease(i, new Holder(leaseToken, executorId));
    }

    /** @param i a task index @return when the running attempt started */
    public Instant startedAt(int i) {
        return startedAt[i];
    }

    /** @param i a task index @return the lease deadline of the running attempt */
    public Instant lease(int i) {
        return lease[i];
    }

    /** @param i a task index @param deadline the new lease deadline */
    public void lease(int i, Instant deadline) {
        lease[i] = deadline;
    }

    /**
     * Marks the current attempt as handed out.
     *
     * @param i the task index
     * @param leaseToken the token
     * @param at the start time
     * @param deadline the lease deadline
     */
    public void running(int i, String leaseToken, Instant at, Instant deadline) {
        set(i, TaskStatus.RUNNING);
        token[i] = leaseToken;
        startedAt[i] = at;
        lease[i] = deadline;
    }

    /**
     * Sets the current status (and attempt number).
     *
     * @param i the task index
     * @param attemptNo the attempt number
     * @param s the status, or null for "no current attempt"
     */
    public void set(int i, int attemptNo, TaskStatus s) {
        attempt[i] = Math.max(attempt[i], attemptNo);
        set(i, s);
    }

    /**
     * Sets the current status of the latest attempt.
     *
     * @param i the task index
     * @param s the status, or null
     */
    public void set(int i, TaskStatus s) {
        TaskStatus old = status[i];
        if (isTerminal(old)) {
            terminal--;
        }
        if (old == TaskStatus.FAILED || old == TaskStatus.UPSTREAM_FAILED) {
            failed--;
        }
        status[i] = s;
        if (isTerminal(s)) {
            terminal++;
        }
        if (s == TaskStatus.FAILED || s == TaskStatus.UPSTREAM_FAILED) {
            failed++;
        }
        if (s != TaskStatus.RUNNING) {
            token[i] = null;
            if (holders.getPlain(i) != null) {
                holders.setRelease(i, null);
            }
        }
    }

    private static boolean isTerminal(TaskStatus s) {
        return s == TaskStatus.SUCCESS || s == TaskStatus.FAILED || s == TaskStatus.UPSTREAM_FAILED;
    }

    /**
     * Records a success and returns the children that became ready: pending, with every parent
     * succeeded. Touches only the task's children.
     *
     * @param i the task index
     * @return the ready children
     */
    public List<DagTask> succeed(int i) {
        set(i, TaskStatus.SUCCESS);
        int[] cs = children[i];
        List<DagTask> ready = new ArrayList<>(cs.length);
        for (int ci : cs) {
            if (--remaining[ci] == 0 && status[ci] == null) {
                ready.add(task(ci));
            }
        }
        return ready;
    }

    /**
     * The pending tasks that can no longer run because task {@code i} failed: its pending children,
     * their pending children, and so on.
     *
     * @param i the failed (or upstream-failed) task
     * @return those tasks, not yet marked
     */
    public List<DagTask> blockedBelow(int i) {
        List<DagTask> out = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>();
        todo.push(i);
        while (!todo.isEmpty()) {
            for (String c : task(todo.pop()).children()) {
                int ci = index(c);
                if (status[ci] == null && seen.add(ci)) {
                    out.add(task(ci));
                    todo.push(ci);
                }
            }
        }
        return out;
    }

    /** Recomputes every remaining-parent counter from the statuses (O(edges)). */
    public void recount() {
        for (DagTask t : dag.tasks()) {
            int r = 0;
            for (String p : t.parents()) {
                if (status[index(p)] != TaskStatus.SUCCESS) {
                    r++;
                }
            }
            remaining[t.order()] = r;
        }
    }

    /** @return pending tasks whose parents all succeeded, in topological order (O(tasks)) */
    public List<DagTask> ready() {
        List<DagTask> out = new ArrayList<>();
        for (DagTask t : dag.tasks()) {
            if (status[t.order()] == null && remaining[t.order()] == 0) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return pending tasks with a FAILED or UPSTREAM_FAILED parent (O(edges)) */
    public List<DagTask> blocked() {
        List<DagTask> out = new ArrayList<>();
        for (DagTask t : dag.tasks()) {
            if (status[t.order()] == null) {
                for (String p : t.parents()) {
                    TaskStatus ps = status[index(p)];
                    if (ps == TaskStatus.FAILED || ps == TaskStatus.UPSTREAM_FAILED) {
                        out.add(t);
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** @return true when every task is SUCCESS, FAILED or UPSTREAM_FAILED */
    public boolean complete() {
        return terminal == status.length;
    }

    /** @return true when some task is FAILED or UPSTREAM_FAILED */
    public boolean anyFailed() {
        return failed > 0;
    }

    /** @return true once the run's final status was written */
    public boolean finished() {
        return finished;
    }

    /**
     * @return true when a change of this run was committed but a write that must follow it (inserting
     *     the attempts it made ready or blocked, finishing the run) failed: the next operation on the
     *     run settles it first
     */
    boolean unsettled() {
        return unsettled;
    }

    /** @param value see {@link #unsettled()} */
    void unsettled(boolean value) {
        unsettled = value;
    }

    /** @param value whether the final status was written */
    public void finished(boolean value) {
        finished = value;
    }

    @Override
    public String toString() {
        return "RunState[" + dag.id() + " run " + runId + ", terminal " + terminal + "/" + status.length + "]";
    }
}
