package ppacer.scheduler.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import ppacer.api.Dag;
import ppacer.api.DagTask;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.TaskMapping;
import ppacer.api.TaskStatus;
import ppacer.api.Teardown;
import ppacer.api.TriggerRule;

/**
 * The in-memory state of one active DAG run: per task the status of its current attempt, the
 * attempt number, how its parents ended (counts of succeeded, failed and skipped parents, kept up to
 * date by every status change), the branch decision of a branch task, retries used and the lease
 * token while running.
 *
 * <p>Trigger rules ({@link TriggerRule#verdict}) read the parent counts: deciding a task costs
 * O(1), and an outcome touches only the task's children ({@link #decideBelow}); skipped and
 * upstream-failed tasks cascade down through their own children. A branch that did not choose a
 * child counts as a skipped parent of that child only. Nothing here scans the DAG except
 * {@link #decideAll}, used by start, recovery and operator actions.
 *
 * <p>Mapped tasks ({@link TaskMapping}): the mapped task keeps its index, and its instances get
 * indices of their own after the DAG's tasks ("slots", from {@code dag.size()} on), added when the
 * task is expanded ({@link #expand}); an instance has its own status, attempts, retries and lease,
 * and {@link #task(int)} gives it as a task whose id is the instance id ({@code load[3]}). The mapped
 * task's status is the sum of its instances' ({@link #refresh}), and only that status counts in its
 * children. A run of a DAG without mapped tasks has no slot and no mapping state.
 *
 * <p>Concurrency: not thread-safe by itself; every read and change happens in a change of
 * {@link RunCoordinator#withRun}, under the run's lock (the exception: {@link #holder(int)}).
 * Status {@code null} means "no current attempt" (pending, or reset by a restart or clear).
 */
public final class RunState {
    /** Guards every field of this run: its lock is taken only by {@link RunCoordinator#withRun} and its kin. */
    final RunCoordinator.Guard guard = new RunCoordinator.Guard();
    /**
     * Per DAG (by identity), its graph as task indices: built once per DAG, not per run, so that an
     * outcome follows int indices instead of looking child ids up (a hash lookup and several cache
     * misses per child in a DAG of 100,000 tasks; SchedulingLoopBenchmark, LAYERED).
     */
    private static final Map<Dag, Shape> SHAPES = Collections.synchronizedMap(new WeakHashMap<>());
    private static final int[] NOT_A_BRANCH = null;
    private final Dag dag;
    private final Optional<String> bundleHash;
    private final Shape shape;
    private final long runId;
    private final Instant logicalTime;
    private final String paramsJson;
    private final boolean backfill;
    /** The number of tasks of the DAG; indices from here on are instances of mapped tasks. */
    private final int n;
    // per index (task or instance): grown by expand(), hence not final
    private TaskStatus[] status;
    private int[] attempt;
    /**
     * Per task {@code i}, four counts side by side (one cache line for a rule's decision): at
     * {@code 4i} its parents, at {@code 4i + SUCCEEDED} those that succeeded (a branch that chose it
     * included), at {@code 4i + FAILED} those FAILED or UPSTREAM_FAILED, at {@code 4i + SKIPPED}
     * those SKIPPED (a branch that did not choose it included).
     */
    private final int[] counts;
    private static final int SUCCEEDED = 1;
    private static final int FAILED = 2;
    private static final int SKIPPED = 3;
    private static final TriggerRule[] RULES = TriggerRule.values();
    private static final byte ALL_SUCCESS = (byte) TriggerRule.ALL_SUCCESS.ordinal();
    /** The rule code of a teardown: all parents done and its setup succeeded. */
    private static final byte TEARDOWN = -1;
    /** Per SUCCESS task that branched, the children it chose (sorted indices); null when it did not branch. */
    private int[][] branch;
    /** Per task, SKIPPED or UPSTREAM_FAILED decided by its rule (not by the task or an operator). */
    private boolean[] derived;
    /** Per task, decided to run in a change not yet written ({@link RuleDecisions}). */
    private boolean[] planned;
    /** Per task, an attempt of it may have stored an output (its children's hand-outs read the store only then). */
    private boolean[] output;
    private int[] retriesUsed;
    private String[] token;
    /** Per task, the token and executor of its running attempt, written together; readable without the lock. */
    private volatile AtomicReferenceArray<Holder> holders;
    private Instant[] startedAt;
    private Instant[] lease;
    /** The instances of mapped tasks; null for a DAG without mapped tasks. */
    private final Mapped mapped;
    private int terminal;
    private int failed;
    private boolean finished;
    private boolean unsettled;

    /**
     * The graph of a DAG as indices, and each task's rule.
     *
     * @param children per task, its children's indices
     * @param parents per task, its parents' indices
     * @param rule per task, its trigger rule's ordinal, or {@link #TEARDOWN}
     * @param setup per task, the index of the setup it tears down, or -1
     * @param failsRun per task, whether its failure fails the run (false for teardowns unless set)
     * @param counts the parent counts of a run where no task has an outcome (see {@link RunState#counts})
     * @param mapOver per task, the index of the parent it is mapped over, {@link #LITERAL} for a literal
     *     list, {@link #NOT_MAPPED}; null when no task of the DAG is mapped
     */
    private record Shape(int[][] children, int[][] parents, byte[] rule, int[] setup, boolean[] failsRun,
                         int[] counts, int[] mapOver) {
        static Shape of(Dag dag) {
            List<DagTask> tasks = dag.tasks();
            int n = tasks.size();
            int[][] children = new int[n][];
            int[][] parents = new int[n][];
            byte[] rule = new byte[n];
            int[] setup = new int[n];
            boolean[] failsRun = new boolean[n];
            for (DagTask t : tasks) {
                int i = t.order();
                children[i] = t.children().stream().mapToInt(c -> dag.task(c).orElseThrow().order()).sorted().toArray();
                parents[i] = t.parents().stream().mapToInt(c -> dag.task(c).orElseThrow().order()).toArray();
                rule[i] = t.teardown().isPresent() ? TEARDOWN : (byte) t.triggerRule().ordinal();
                setup[i] = t.teardown().map(x -> dag.task(x.setupId()).orElseThrow().order()).orElse(-1);
                failsRun[i] = t.teardown().map(Teardown::failsRun).orElse(true);
            }
            int[] counts = new int[4 * n];
            for (int i = 0; i < n; i++) {
                counts[4 * i] = parents[i].length;
            }
            int[] mapOver = null;
            for (DagTask t : tasks) {
                if (t.mapping().isPresent()) {
                    if (mapOver == null) {
                        mapOver = new int[n];
                        Arrays.fill(mapOver, NOT_MAPPED);
                    }
                    mapOver[t.order()] = switch (t.mapping().get()) {
                        case TaskMapping.OverOutput o -> dag.task(o.parentId()).orElseThrow().order();
                        case TaskMapping.OverItems l -> LITERAL;
                    };
                }
            }
            return new Shape(children, parents, rule, setup, failsRun, counts, mapOver);
        }
    }

    /** {@link Shape#mapOver} of a task that is not mapped. */
    private static final int NOT_MAPPED = -1;
    /** {@link Shape#mapOver} of a task mapped over a literal list. */
    private static final int LITERAL = -2;
    private static final int[] NO_INDICES = new int[0];

    /** The instances of the mapped tasks of one run (only under the run's lock, except {@link #ids}). */
    private static final class Mapped {
        /** Per task, its instances' indices (instance k at [k]); null while not expanded. */
        final int[][] slots;
        /** Per task, its items' JSON texts once read for hand-outs; null until then. */
        final String[][] items;
        /** Per instance (index - n): its mapped task. */
        int[] node = NO_INDICES;
        /** Per instance (index - n): its index in its mapped task. */
        int[] item = NO_INDICES;
        /** Per instance (index - n): it as a task, with the instance id. */
        DagTask[] tasks = new DagTask[0];
        /** Instance id → index; replaced whole on each expansion, so readable without the lock. */
        volatile Map<String, Integer> ids = Map.of();
        /** Per instance (index - n): dropped by a smaller expansion (no longer one of its task's). */
        boolean[] dropped = new boolean[0];
        /**
         * Per task, counts over its current instances, kept by {@link #change} so that the mapped
         * task's status is summed up in O(1) per instance change ({@link #refresh}): outcomes, failed
         * outcomes (FAILED, UPSTREAM_FAILED), SKIPPED outcomes, and instances with a status that is
         * not an outcome (SCHEDULED, RUNNING, waiting for a retry).
         */
        final int[] outcomes;
        final int[] failedOutcomes;
        final int[] skippedOutcomes;
        final int[] live;

        Mapped(int n) {
            slots = new int[n][];
            items = new String[n][];
            outcomes = new int[n];
            failedOutcomes = new int[n];
            skippedOutcomes = new int[n];
            live = new int[n];
        }

        /** Adds ({@code delta} +1) or removes (-1) one instance's status from its task's counts. */
        void count(int m, TaskStatus s, int delta) {
            if (isOutcome(s)) {
                outcomes[m] += delta;
                if (s == TaskStatus.FAILED || s == TaskStatus.UPSTREAM_FAILED) {
                    failedOutcomes[m] += delta;
                } else if (s == TaskStatus.SKIPPED) {
                    skippedOutcomes[m] += delta;
                }
            } else if (s != null) {
                live[m] += delta;
            }
        }
    }

    /**
     * An instance of a mapped task, as a task: the mapped task with the instance id. The scheduler
     * never runs it; executors run the mapped task (see {@link TaskMapping#mappedTaskOf}).
     */
    private record Instance(Task of, String id) implements Task {
        @Override
        public void execute(TaskContext context) throws Exception {
            of.execute(context);
        }

        @Override
        public String definition() {
            return of.definition();
        }
    }

    /** The asset events that started the run; null until the first hand-out reads them. */
    private volatile List<ppacer.api.AssetEvent> triggeringEvents;

    /**
     * A run where no task has an attempt yet.
     *
     * @param dag the DAG
     * @param runId the run id
     * @param logicalTime the logical time
     * @param paramsJson the parameters
     */
    public RunState(Dag dag, long runId, Instant logicalTime, String paramsJson) {
        this(dag, runId, logicalTime, paramsJson, false);
    }

    /**
     * A run where no task has an attempt yet.
     *
     * @param dag the DAG
     * @param runId the run id
     * @param logicalTime the logical time
     * @param paramsJson the parameters
     * @param backfill whether the run is a backfill's (its slot is counted apart: {@link RunAdmission.Slot})
     */
    public RunState(Dag dag, long runId, Instant logicalTime, String paramsJson, boolean backfill) {
        this(dag, runId, logicalTime, paramsJson, backfill, Optional.empty());
    }

    /**
     * A run where no task has an attempt yet.
     *
     * @param dag the DAG
     * @param runId the run id
     * @param logicalTime the logical time
     * @param paramsJson the parameters
     * @param backfill whether the run is a backfill's (its slot is counted apart: {@link RunAdmission.Slot})
     * @param bundleHash the DAG bundle version the run started with ({@code dag} is that version's), empty for a
     *     DAG of the image
     */
    public RunState(Dag dag, long runId, Instant logicalTime, String paramsJson, boolean backfill,
                    Optional<String> bundleHash) {
        this.dag = dag;
        this.bundleHash = java.util.Objects.requireNonNull(bundleHash, "bundleHash");
        this.backfill = backfill;
        this.runId = runId;
        this.logicalTime = logicalTime;
        this.paramsJson = paramsJson;
        this.shape = SHAPES.computeIfAbsent(dag, Shape::of);
        int n = dag.size();
        this.n = n;
        status = new TaskStatus[n];
        attempt = new int[n];
        Arrays.fill(attempt, -1);
        counts = shape.counts.clone();
        branch = new int[n][];
        derived = new boolean[n];
        planned = new boolean[n];
        output = new boolean[n];
        retriesUsed = new int[n];
        token = new String[n];
        holders = new AtomicReferenceArray<>(n);
        startedAt = new Instant[n];
        lease = new Instant[n];
        mapped = shape.mapOver == null ? null : new Mapped(n);
        if (mapped != null) {
            for (DagTask t : dag.tasks()) {
                if (t.mapping().orElse(null) instanceof TaskMapping.OverItems l) {
                    expand(t.order(), l.items().size());
                    String[] items = new String[l.items().size()];
                    for (int k = 0; k < items.length; k++) {
                        items[k] = Json.quote(l.items().get(k));
                    }
                    mapped.items[t.order()] = items;
                }
            }
        }
    }

    /** @return the asset events that started this run, null until read (see {@link #triggeringEvents(List)}) */
    public List<ppacer.api.AssetEvent> triggeringEvents() {
        return triggeringEvents;
    }

    /** @param value the asset events that started this run, read from the store at its first hand-out */
    public void triggeringEvents(List<ppacer.api.AssetEvent> value) {
        triggeringEvents = List.copyOf(value);
    }

    /** @return the DAG */
    public Dag dag() {
        return dag;
    }

    /** @return the DAG bundle version the run started with, empty for a DAG of the image */
    public Optional<String> bundleHash() {
        return bundleHash;
    }

    /** @return the run id */
    public long runId() {
        return runId;
    }

    /** @return the logical time */
    public Instant logicalTime() {
        return logicalTime;
    }

    /** @return whether the run is a backfill's (its attempts queue behind other runs' of the same priority) */
    public boolean backfill() {
        return backfill;
    }

    /** @return the slot this run holds in {@link RunAdmission} */
    public RunAdmission.Slot slot() {
        return new RunAdmission.Slot(dag.id(), backfill);
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
        int i = dag.task(taskId).map(DagTask::order).orElse(-1);
        if (i >= 0 || mapped == null) {
            return i;
        }
        Integer slot = mapped.ids.get(taskId);
        return slot == null ? -1 : slot;
    }

    /** @param i a task index @return the task; for an instance of a mapped task, the task with the instance's id */
    public DagTask task(int i) {
        return i < n ? dag.tasks().get(i) : mapped.tasks[i - n];
    }

    /** @return the number of indices: the DAG's tasks, then the instances of its expanded mapped tasks */
    public int size() {
        return status.length;
    }

    /** @param i an index @return true when it is a task mapped over a list (see {@link TaskMapping}) */
    public boolean isMapped(int i) {
        return i < n && shape.mapOver != null && shape.mapOver[i] != NOT_MAPPED;
    }

    /** @return true when the DAG has a mapped task */
    public boolean hasMappedTasks() {
        return mapped != null;
    }

    /** @param i an index @return true when it is an instance of a mapped task */
    public boolean isInstance(int i) {
        return i >= n;
    }

    /** @param i an instance @return the index of its mapped task */
    public int mappedTaskOf(int i) {
        return mapped.node[i - n];
    }

    /** @param i an instance @return its index among the instances of its mapped task (its item) */
    public int itemIndex(int i) {
        return mapped.item[i - n];
    }

    /**
     * @param m a mapped task
     * @return the index of the parent it is mapped over, or -1 for a literal list
     */
    public int mappedOver(int m) {
        return Math.max(shape.mapOver[m], -1);
    }

    /**
     * @param i a task
     * @return the children mapped over its output whose expansion comes from that output (not those
     *     over a mapped task: their count is its count); usually none
     */
    public List<Integer> mappedOverOutputOf(int i) {
        if (shape.mapOver == null || i >= n || isMapped(i)) {
            return List.of();
        }
        List<Integer> out = List.of();
        for (int c : shape.children[i]) {
            if (shape.mapOver[c] == i) {
                if (out.isEmpty()) {
                    out = new ArrayList<>(1);
                }
                out.add(c);
            }
        }
        return out;
    }

    /**
     * @param m a mapped task
     * @return its instances' indices (instance k at [k]), or null while it is not expanded
     */
    public int[] instances(int m) {
        return mapped == null || m >= n ? null : mapped.slots[m];
    }

    /**
     * @param m a mapped task
     * @return its items' JSON texts as read for hand-outs, or null when not read yet
     */
    String[] items(int m) {
        return mapped.items[m];
    }

    /**
     * @param m a mapped task
     * @param value its items' JSON texts (kept until the task is expanded again)
     */
    void items(int m, String[] value) {
        mapped.items[m] = value;
    }

    /**
     * Expands a mapped task into {@code count} instances (see {@link TaskMapping}): indices for
     * instances it did not have yet are added; an expansion of the same count changes nothing; a
     * smaller count drops the instances above it from the task (their attempts stay in the store).
     * A task mapped over this one is expanded to the same count. Caller holds the run lock.
     *
     * @param m the mapped task
     * @param count its number of instances
     */
    public void expand(int m, int count) {
        if (!isMapped(m)) {
            throw new IllegalStateException("task '" + task(m).id() + "' is not mapped");
        }
        int[] old = mapped.slots[m];
        if (old == null || old.length != count) {
            int keep = old == null ? 0 : Math.min(old.length, count);
            int first = status.length;
            grow(count - keep);
            int[] ks = new int[count];
            if (keep > 0) {
                System.arraycopy(old, 0, ks, 0, keep);
            }
            Map<String, Integer> ids = new HashMap<>(mapped.ids);
            DagTask base = task(m);
            for (int k = keep; k < count; k++) {
                int slot = first + k - keep;
                String id = TaskMapping.instanceId(base.id(), k);
                mapped.node[slot - n] = m;
                mapped.item[slot - n] = k;
                mapped.tasks[slot - n] = new DagTask(new Instance(base.task(), id), base.config(), base.parents(),
                        base.children(), base.depth(), base.width(), slot, Optional.empty());
                ids.put(id, slot);
                ks[k] = slot;
            }
            for (int k = count; old != null && k < old.length; k++) {
                ids.remove(TaskMapping.instanceId(base.id(), k));
                mapped.dropped[old[k] - n] = true;
            }
            mapped.slots[m] = ks;
            mapped.outcomes[m] = 0;
            mapped.failedOutcomes[m] = 0;
            mapped.skippedOutcomes[m] = 0;
            mapped.live[m] = 0;
            for (int k : ks) {
                mapped.count(m, status[k], +1);
            }
            mapped.items[m] = null;
            mapped.ids = ids;
            refresh(m);
        }
        for (int c : shape.children[m]) {
            if (shape.mapOver[c] == m) {
                expand(c, count);
            }
        }
    }

    /** Adds {@code extra} indices (pending instances) to every per-index array. */
    private void grow(int extra) {
        if (extra <= 0) {
            return;
        }
        int size = status.length + extra;
        status = Arrays.copyOf(status, size);
        attempt = Arrays.copyOf(attempt, size);
        Arrays.fill(attempt, size - extra, size, -1);
        branch = Arrays.copyOf(branch, size);
        derived = Arrays.copyOf(derived, size);
        planned = Arrays.copyOf(planned, size);
        output = Arrays.copyOf(output, size);
        retriesUsed = Arrays.copyOf(retriesUsed, size);
        token = Arrays.copyOf(token, size);
        startedAt = Arrays.copyOf(startedAt, size);
        lease = Arrays.copyOf(lease, size);
        AtomicReferenceArray<Holder> h = new AtomicReferenceArray<>(size);
        AtomicReferenceArray<Holder> old = holders;
        for (int i = 0; i < old.length(); i++) {
            h.setPlain(i, old.getPlain(i));
        }
        holders = h;
        int m = size - n;
        mapped.node = Arrays.copyOf(mapped.node, m);
        mapped.item = Arrays.copyOf(mapped.item, m);
        mapped.tasks = Arrays.copyOf(mapped.tasks, m);
        mapped.dropped = Arrays.copyOf(mapped.dropped, m);
    }

    /**
     * Sets a mapped task's status from its instances': SUCCESS when all succeeded, FAILED when all
     * are done and one FAILED or UPSTREAM_FAILED, SKIPPED when all skipped, RUNNING while one is
     * queued, running or planned; a task none of whose instances was started keeps its status unless
     * it was RUNNING (then it is pending again).
     *
     * @param m a mapped task
     */
    private void refresh(int m) {
        int[] ks = mapped.slots[m];
        if (ks == null || ks.length == 0) {
            return;
        }
        int outcomes = mapped.outcomes[m];
        boolean done = outcomes == ks.length;
        boolean anyFailed = mapped.failedOutcomes[m] > 0;
        boolean allSkipped = mapped.skippedOutcomes[m] == outcomes;
        boolean started = outcomes > 0 || mapped.live[m] > 0;
        if (!started) { // only planned ones (just decided to run, nothing written yet): look at them
            for (int k : ks) {
                if (planned[k]) {
                    started = true;
                    break;
                }
            }
        }
        TaskStatus sum = done ? (anyFailed ? TaskStatus.FAILED : allSkipped ? TaskStatus.SKIPPED : TaskStatus.SUCCESS)
                : started ? TaskStatus.RUNNING : null;
        if (sum == null && status[m] != TaskStatus.RUNNING) {
            return;
        }
        if (status[m] != sum) {
            change(m, sum, NOT_A_BRANCH);
        }
    }

    /** Sets every expanded mapped task's status from its instances' (after a run was loaded). */
    public void refreshMapped() {
        if (mapped == null) {
            return;
        }
        for (int m = 0; m < n; m++) {
            if (mapped.slots[m] != null) {
                refresh(m);
            }
        }
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
        AtomicReferenceArray<Holder> h = holders;
        return i < h.length() ? h.getAcquire(i) : null;
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
     * Sets the current status of the latest attempt; a SUCCESS set here did not branch.
     *
     * @param i the task index
     * @param s the status, or null
     */
    public void set(int i, TaskStatus s) {
        change(i, s, NOT_A_BRANCH);
    }

    /**
     * Records a success; {@code chosen} is the branch decision (see {@link #branch(int)}).
     *
     * @param i the task index
     * @param chosen the children it chose, sorted indices; null when it did not branch
     */
    public void succeed(int i, int[] chosen) {
        change(i, TaskStatus.SUCCESS, chosen);
    }

    private void change(int i, TaskStatus s, int[] chosen) {
        TaskStatus old = status[i];
        planned[i] = false;
        if (old != s || (s == TaskStatus.SUCCESS && !Arrays.equals(branch[i], chosen))) {
            if (isOutcome(old) && i < n) { // an outcome is terminal for the task
                countInChildren(i, -1);
                terminal--;
            }
            if (failsRun(i, old)) {
                failed--;
            }
            if (i >= n && !mapped.dropped[i - n]) {
                mapped.count(mapped.node[i - n], old, -1);
                mapped.count(mapped.node[i - n], s, +1);
            }
            status[i] = s;
            branch[i] = s == TaskStatus.SUCCESS ? chosen : null;
            if (derived[i] && s != TaskStatus.SKIPPED && s != TaskStatus.UPSTREAM_FAILED) {
                derived[i] = false;
            }
            if (isOutcome(s) && i < n) {
                countInChildren(i, +1);
                terminal++;
            }
            if (failsRun(i, s)) {
                failed++;
            }
        }
        if (s != TaskStatus.RUNNING) {
            token[i] = null;
            AtomicReferenceArray<Holder> h = holders;
            if (h.getPlain(i) != null) {
                h.setRelease(i, null);
            }
        }
        if (i >= n) {
            refresh(mapped.node[i - n]);
        }
    }

    /** Adds (+1) or removes (-1) task {@code i}'s current outcome from its children's parent counts. */
    private void countInChildren(int i, int delta) {
        int[] cs = shape.children[i];
        int[] chosen = branch[i];
        int field = switch (status[i]) {
            case SUCCESS -> SUCCEEDED;
            case FAILED, UPSTREAM_FAILED -> FAILED;
            case SKIPPED -> SKIPPED;
            default -> throw new IllegalStateException("not an outcome: " + status[i]);
        };
        if (field != SUCCEEDED || chosen == null) {
            for (int c : cs) {
                counts[4 * c + field] += delta;
            }
            return;
        }
        int k = 0; // a branch: the children it did not choose count it as skipped (both arrays ascend)
        for (int c : cs) {
            while (k < chosen.length && chosen[k] < c) {
                k++;
            }
            counts[4 * c + (k < chosen.length && chosen[k] == c ? SUCCEEDED : SKIPPED)] += delta;
        }
    }

    private static boolean isOutcome(TaskStatus s) {
        return s == TaskStatus.SUCCESS || s == TaskStatus.FAILED || s == TaskStatus.UPSTREAM_FAILED
                || s == TaskStatus.SKIPPED;
    }


    /** An instance's failure fails the run through its mapped task's status only. */
    private boolean failsRun(int i, TaskStatus s) {
        return (s == TaskStatus.FAILED || s == TaskStatus.UPSTREAM_FAILED) && i < n && shape.failsRun[i];
    }

    /**
     * @param i a task index
     * @return the children the task chose when it is a SUCCESS branch (sorted indices), else null
     */
    public int[] branch(int i) {
        return branch[i];
    }

    /**
     * The children's indices for a branch decision given as ids.
     *
     * @param i the branching task
     * @param childIds the chosen ids
     * @return sorted indices
     * @throws IllegalArgumentException naming the valid children when an id is not a direct child
     */
    public int[] chosen(int i, List<String> childIds) {
        int[] out = new int[childIds.size()];
        List<String> valid = task(i).children();
        for (int k = 0; k < out.length; k++) {
            String c = childIds.get(k);
            if (!valid.contains(c)) {
                throw new IllegalArgumentException("Task '" + task(i).id() + "' chose '" + c + "', which is not one of"
                        + " its direct children; valid: " + (valid.isEmpty() ? "none (it has no children)" : valid));
            }
            out[k] = index(c);
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * Notes that an attempt of task {@code i} stored an output, or may have (a run loaded from the
     * store): its children's hand-outs read it.
     *
     * @param i the task index
     */
    public void storedOutput(int i) {
        output[i] = true;
        if (i >= n) {
            output[mapped.node[i - n]] = true; // its children read the instances' outputs as a list
        }
    }

    /**
     * @param i a task index
     * @return the ids of its SUCCESS parents that may have stored an output (usually none: then a
     *     hand-out reads nothing); for an instance, its mapped task's parents but the one it is mapped
     *     over (its item comes from that one)
     */
    public List<String> parentsWithOutput(int i) {
        List<String> out = null;
        int over = -1;
        if (i >= n) {
            i = mapped.node[i - n];
            over = shape.mapOver[i];
        }
        for (int p : shape.parents[i]) {
            if (p == over) {
                continue;
            }
            if (output[p] && status[p] == TaskStatus.SUCCESS) {
                if (out == null) {
                    out = new ArrayList<>(shape.parents[i].length);
                }
                out.add(task(p).id());
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * @param i a task index
     * @return true when its SKIPPED or UPSTREAM_FAILED status was decided by its trigger rule, so
     *     that an operator action may decide it again
     */
    public boolean derived(int i) {
        return derived[i];
    }

    /**
     * @param i a task index
     * @param value see {@link #derived(int)}
     */
    public void derived(int i, boolean value) {
        derived[i] = value;
    }

    /**
     * What the task's rule says now (a teardown: all parents done and its setup succeeded).
     *
     * @param i a pending task
     * @return the verdict
     */
    public TriggerRule.Verdict verdict(int i) {
        int b = 4 * i;
        int n = counts[b];
        int succeeded = counts[b + SUCCEEDED];
        int failed = counts[b + FAILED];
        int skipped = counts[b + SKIPPED];
        byte rule = shape.rule[i];
        if (rule == ALL_SUCCESS) { // the default rule, inline: TriggerRule#verdict
            return failed > 0 ? TriggerRule.Verdict.UPSTREAM_FAILED
                    : succeeded == n ? TriggerRule.Verdict.RUN
                    : succeeded + skipped == n ? TriggerRule.Verdict.SKIP : TriggerRule.Verdict.WAIT;
        }
        if (rule == TEARDOWN) {
            TaskStatus ss = status[shape.setup[i]];
            if (ss == TaskStatus.FAILED || ss == TaskStatus.UPSTREAM_FAILED) {
                return TriggerRule.Verdict.UPSTREAM_FAILED;
            }
            if (ss == TaskStatus.SKIPPED) {
                return TriggerRule.Verdict.SKIP;
            }
            return TriggerRule.ALL_DONE.verdict(n, succeeded, failed, skipped);
        }
        return RULES[rule].verdict(n, succeeded, failed, skipped);
    }

    /**
     * Decides the pending children of task {@code i}, which just reached an outcome, and below them
     * every task a SKIPPED or UPSTREAM_FAILED decision reaches: those are set in memory (derived),
     * the tasks to run are only collected. Touches only the tasks it decides and their children.
     *
     * @param i a task that reached an outcome
     * @param out where the decisions go
     */
    public void decideBelow(int i, RuleDecisions out) {
        if (i >= n) { // an instance: its mapped task's children, once the task has an outcome
            i = mapped.node[i - n];
            if (!isOutcome(status[i])) {
                if (status[i] == TaskStatus.RUNNING && task(i).mapping().orElseThrow().maxActiveInstances() > 0) {
                    decideMapped(i, out); // a limited mapped task: the next waiting instances
                }
                return;
            }
        }
        int[] cs = shape.children[i];
        if (cs.length == 0) {
            return;
        }
        Deque<Integer> todo = null;
        int from = i;
        while (true) {
            for (int c : shape.children[from]) {
                if (status[c] == null && !planned[c] && decide(c, out)) {
                    if (todo == null) {
                        todo = new ArrayDeque<>();
                    }
                    todo.push(c);
                }
            }
            if (todo == null || todo.isEmpty()) {
                return;
            }
            from = todo.pop();
        }
    }

    /**
     * Decides every pending task, in topological order, so that a decision sees the ones above it
     * (O(tasks + edges)); see {@link #decideBelow}.
     *
     * @param out where the decisions go
     */
    public void decideAll(RuleDecisions out) {
        for (int c = 0; c < n; c++) {
            if (status[c] == null && !planned[c]) {
                decide(c, out);
            } else if (mapped != null && status[c] == TaskStatus.RUNNING && isMapped(c)
                    && verdict(c) == TriggerRule.Verdict.RUN) {
                decideMapped(c, out); // a running mapped task whose instance was cleared: that instance runs again
            }
        }
    }

    /** @return true when the task will not run (set in memory): its children must be decided too */
    private boolean decide(int c, RuleDecisions out) {
        TriggerRule.Verdict v = verdict(c);
        switch (v) {
            case WAIT -> {
                return false;
            }
            case RUN -> {
                if (shape.mapOver != null && shape.mapOver[c] != NOT_MAPPED) {
                    return decideMapped(c, out);
                }
                planned[c] = true;
                out.run.add(task(c));
                return false;
            }
            case SKIP, UPSTREAM_FAILED -> {
                String why = reason(c, v);
                set(c, v == TriggerRule.Verdict.SKIP ? TaskStatus.SKIPPED : TaskStatus.UPSTREAM_FAILED);
                derived[c] = true;
                out.notRun(c, why);
                return true;
            }
            default -> throw new IllegalStateException("verdict " + v);
        }
    }

    /**
     * @param i a task index
     * @return its parents' indices (shared: do not change)
     */
    public int[] parents(int i) {
        return shape.parents[i];
    }

    /**
     * The parent counts its rule decides on ({@link #verdict(int)}).
     *
     * @param i a task index
     * @return {parents, succeeded, failed, skipped}
     */
    public int[] parentCounts(int i) {
        return Arrays.copyOfRange(counts, 4 * i, 4 * i + 4);
    }

    /**
     * @param i a task index
     * @return its trigger rule; null for a teardown (see {@link #setup(int)})
     */
    public TriggerRule rule(int i) {
        return shape.rule[i] == TEARDOWN ? null : RULES[shape.rule[i]];
    }

    /**
     * @param i a task index
     * @return the index of the setup it tears down, -1 when it is not a teardown
     */
    public int setup(int i) {
        return shape.setup[i];
    }

    /**
     * @param i a task index
     * @return true when its rule decided to run it in a change not yet written
     */
    public boolean planned(int i) {
        return planned[i];
    }

    /**
     * A mapped task whose rule lets it run: its pending instances run; with no instance (an empty
     * list, or no list: the parent it is mapped over did not succeed) it is SKIPPED.
     *
     * @return true when it will not run
     */
    private boolean decideMapped(int c, RuleDecisions out) {
        int[] ks = mapped.slots[c];
        if (ks == null || ks.length == 0) {
            int p = shape.mapOver[c];
            String why = p == LITERAL ? "mapped over an empty list"
                    : ks != null ? "mapped over an empty list: '" + task(p).id() + "' returned []"
                    : "mapped over '" + task(p).id() + "', which produced no list (it is " + status[p] + ")";
            set(c, TaskStatus.SKIPPED);
            derived[c] = true;
            out.notRun(c, why);
            return true;
        }
        int limit = task(c).mapping().orElseThrow().maxActiveInstances();
        int free = limit == 0 ? Integer.MAX_VALUE : limit;
        if (limit > 0) {
            for (int k : ks) {
                if (planned[k] || (status[k] != null && !isOutcome(status[k]))) {
                    free--; // queued, running or waiting for a retry
                }
            }
        }
        for (int k : ks) {
            if (free <= 0) {
                break;
            }
            if (status[k] == null && !planned[k]) {
                planned[k] = true;
                out.run.add(task(k));
                free--;
            }
        }
        refresh(c);
        return false;
    }

    /**
     * Undoes the decisions of a change whose write failed: the tasks are pending again.
     *
     * @param d the decisions
     */
    public void undo(RuleDecisions d) {
        for (int k = d.notRun.size() - 1; k >= 0; k--) {
            set(d.notRun.get(k), null);
        }
        for (DagTask t : d.run) {
            planned[t.order()] = false;
        }
        for (DagTask t : d.run) {
            if (t.order() >= n) {
                refresh(mapped.node[t.order() - n]);
            }
        }
    }

    /** Why task {@code c} does not run: the category first, then the parent that decided it. */
    private String reason(int c, TriggerRule.Verdict v) {
        int st = shape.setup[c];
        if (st >= 0) {
            return (v == TriggerRule.Verdict.SKIP ? "setup skipped: '" : "setup failed: '") + task(st).id() + "' is "
                    + status[st] + ", nothing to tear down";
        }
        TriggerRule rule = RULES[shape.rule[c]];
        String ruleText = rule == TriggerRule.ALL_SUCCESS ? "" : " (rule " + rule + ")";
        if (v == TriggerRule.Verdict.UPSTREAM_FAILED) {
            for (int p : shape.parents[c]) {
                if (status[p] == TaskStatus.FAILED || status[p] == TaskStatus.UPSTREAM_FAILED) {
                    return "upstream failed: '" + task(p).id() + "' is " + status[p] + ruleText;
                }
            }
            return "upstream failed" + ruleText;
        }
        if (rule == TriggerRule.ALL_FAILED || rule == TriggerRule.ONE_FAILED) {
            for (int p : shape.parents[c]) {
                if (status[p] == TaskStatus.SUCCESS || status[p] == TaskStatus.SKIPPED) {
                    return "rule not met: " + rule + ", but '" + task(p).id() + "' is " + status[p];
                }
            }
            return "rule not met: " + rule;
        }
        for (int p : shape.parents[c]) {
            if (status[p] == TaskStatus.SUCCESS && branch[p] != null && Arrays.binarySearch(branch[p], c) < 0) {
                return "branch not chosen: '" + task(p).id() + "' chose " + chosenIds(p) + ruleText;
            }
        }
        for (int p : shape.parents[c]) {
            if (status[p] == TaskStatus.SKIPPED) {
                return "upstream skipped: '" + task(p).id() + "' is SKIPPED" + ruleText;
            }
        }
        return "rule not met: " + rule;
    }

    /**
     * @param i a SUCCESS branch task
     * @return the ids it chose, in the DAG's order
     */
    public List<String> chosenIds(int i) {
        List<String> out = new ArrayList<>();
        for (int c : branch[i]) {
            out.add(task(c).id());
        }
        return out;
    }

    /**
     * @return true when every task is SUCCESS, FAILED, UPSTREAM_FAILED or SKIPPED (a mapped task is
     *     one once all its instances are)
     */
    public boolean complete() {
        return terminal == n;
    }

    /** @return true when some task is FAILED or UPSTREAM_FAILED, not counting teardowns whose failure does not fail the run */
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
        return "RunState[" + dag.id() + " run " + runId + ", terminal " + terminal + "/" + n + "]";
    }
}
