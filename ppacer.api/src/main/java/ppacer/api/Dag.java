package ppacer.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ppacer.api.schedule.Schedule;

/**
 * A validated, immutable DAG of tasks. Built with {@link #builder(String)}; building checks for
 * cycles, duplicate or malformed ids, an empty graph and a schedule without a start.
 */
public final class Dag {
    /** Default for {@link Builder#maxActiveRuns(int)}. */
    public static final int DEFAULT_MAX_ACTIVE_RUNS = 16;
    /** Default for {@link Builder#maxActiveTasks(int)}. */
    public static final int DEFAULT_MAX_ACTIVE_TASKS = 64;

    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[A-Za-z0-9_.:/ -]{1,64}");

    private final String id;
    private final String description;
    private final List<String> tags;
    private final Optional<Schedule> schedule;
    private final boolean catchUp;
    private final Optional<Duration> catchUpWindow;
    private final OverlapPolicy overlap;
    private final int maxActiveRuns;
    private final int maxActiveTasks;
    private final TaskConfig defaultTaskConfig;
    private final Optional<Deadline> deadline;
    private final Topology topology;
    private final Optional<ppacer.api.schedule.AssetCondition> assetCondition;
    private final java.util.Map<String, List<String>> produces;

    private Dag(Builder b, Topology topology) {
        this.id = b.id;
        this.description = b.description;
        this.tags = List.copyOf(b.tags);
        this.schedule = Optional.ofNullable(b.schedule);
        this.catchUp = b.catchUp;
        this.catchUpWindow = Optional.ofNullable(b.catchUpWindow);
        this.overlap = b.overlap;
        this.maxActiveRuns = b.overlap == OverlapPolicy.ALLOW ? b.maxActiveRuns : 1;
        this.maxActiveTasks = b.maxActiveTasks;
        this.defaultTaskConfig = b.defaultTaskConfig;
        this.deadline = Optional.ofNullable(b.deadline);
        this.topology = topology;
        this.assetCondition = Optional.ofNullable(b.assetCondition);
        this.produces = b.producesOf();
    }

    /**
     * Starts a DAG definition.
     *
     * @param id the DAG id; see {@link Ids}
     * @return a builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** @return the DAG id */
    public String id() {
        return id;
    }

    /** @return a human description, may be empty */
    public String description() {
        return description;
    }

    /** @return the tags, for grouping in the UI */
    public List<String> tags() {
        return tags;
    }

    /** @return the schedule; empty for DAGs that only run when triggered */
    public Optional<Schedule> schedule() {
        return schedule;
    }

    /**
     * @return the asset condition the DAG runs on (alone, or besides its time schedule); empty for a
     *     DAG that does not consume assets
     */
    public Optional<ppacer.api.schedule.AssetCondition> assetCondition() {
        return assetCondition;
    }

    /**
     * @param taskId a task of this DAG
     * @return the assets the task produces (see {@link Node#produces}), empty when none
     */
    public List<String> produces(String taskId) {
        return produces.getOrDefault(taskId, List.of());
    }

    /** @return every asset some task of this DAG produces, by task id (tasks producing none left out) */
    public java.util.Map<String, List<String>> producers() {
        return produces;
    }

    /** @return whether missed schedule points each get a run (true) or are skipped (false) */
    public boolean catchUp() {
        return catchUp;
    }

    /**
     * @return with catch-up, how far back from now missed schedule points still get a run; older
     *     ones are recorded as SKIPPED. Empty: no limit
     */
    public Optional<Duration> catchUpWindow() {
        return catchUpWindow;
    }

    /** @return what happens when a schedule point comes due while a previous run is unfinished */
    public OverlapPolicy overlap() {
        return overlap;
    }

    /** @return how many runs of this DAG may be active at once; more wait queued */
    public int maxActiveRuns() {
        return maxActiveRuns;
    }

    /** @return how many tasks of this DAG (over all its runs) may run at once */
    public int maxActiveTasks() {
        return maxActiveTasks;
    }

    /** @return when each run must be finished (see {@link Deadline}); empty when none */
    public Optional<Deadline> deadline() {
        return deadline;
    }

    /** @return the config of tasks that have none of their own */
    public TaskConfig defaultTaskConfig() {
        return defaultTaskConfig;
    }

    /** @return every task, in topological order (parents before children) */
    public List<DagTask> tasks() {
        return topology.tasks();
    }

    /**
     * Looks a task up by id.
     *
     * @param taskId the task id
     * @return the task, or empty when the DAG has none with this id
     */
    public Optional<DagTask> task(String taskId) {
        return Optional.ofNullable(topology.byId().get(taskId));
    }

    /** @return the tasks without parents, in topological order */
    public List<DagTask> roots() {
        return topology.roots();
    }

    /** @return the number of tasks */
    public int size() {
        return topology.tasks().size();
    }

    /**
     * A stable SHA-256 fingerprint (hex) of the structure, the task classes, their
     * {@linkplain Task#definition() definitions} and the task configs.
     * It changes when any of them changes, and only then; it is equal across JVM runs.
     *
     * @return the fingerprint
     */
    public String fingerprint() {
        return topology.fingerprint();
    }

    /**
     * Every task below {@code taskId}, in topological order, not including it.
     *
     * @param taskId a task of this DAG
     * @return the descendants
     * @throws DagDefinitionException when the DAG has no such task
     */
    public List<DagTask> descendants(String taskId) {
        DagTask start = task(taskId).orElseThrow(() -> new DagDefinitionException(
                "DAG '" + id + "' has no task '" + taskId + "'; tasks: " + topology.byId().keySet()));
        Set<String> seen = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>(start.children());
        while (!stack.isEmpty()) {
            String next = stack.removeLast();
            if (seen.add(next)) {
                stack.addAll(topology.byId().get(next).children());
            }
        }
        return topology.tasks().stream().filter(t -> seen.contains(t.id())).toList();
    }

    @Override
    public String toString() {
        return "Dag[" + id + ", tasks=" + size() + ", schedule=" + schedule.map(Schedule::describe).orElse("none") + "]";
    }

    /** Builds a {@link Dag}. */
    public static final class Builder {
        private final String id;
        private String description = "";
        private final List<String> tags = new ArrayList<>();
        private Schedule schedule;
        private boolean catchUp;
        private Duration catchUpWindow;
        private OverlapPolicy overlap = OverlapPolicy.ALLOW;
        private boolean maxActiveRunsSet;
        private int maxActiveRuns = DEFAULT_MAX_ACTIVE_RUNS;
        private int maxActiveTasks = DEFAULT_MAX_ACTIVE_TASKS;
        private TaskConfig defaultTaskConfig = TaskConfig.DEFAULT;
        private Deadline deadline;
        private final List<Node> roots = new ArrayList<>();
        private ppacer.api.schedule.AssetCondition assetCondition;

        private Builder(String id) {
            this.id = id;
        }

        /** @param value a human description @return this builder */
        public Builder description(String value) {
            description = Objects.requireNonNull(value, "description");
            return this;
        }

        /** @param values tags to add, each 1-64 characters from {@code [A-Za-z0-9_.:/ -]} @return this builder */
        public Builder tags(String... values) {
            tags.addAll(List.of(values));
            return this;
        }

        /** @param value the schedule; without one the DAG runs only when triggered @return this builder */
        public Builder schedule(Schedule value) {
            schedule = Objects.requireNonNull(value, "schedule");
            return this;
        }

        /**
         * Schedules the DAG on assets: it runs once each time the condition holds on the asset events
         * it has not consumed yet ({@code onAssets(AssetCondition.all("a", "b"))}). Alone, the DAG has
         * no time schedule; with {@link #schedule(Schedule)} too, it runs on both.
         *
         * @param value the asset condition
         * @return this builder
         */
        public Builder onAssets(ppacer.api.schedule.AssetCondition value) {
            assetCondition = Objects.requireNonNull(value, "asset condition");
            return this;
        }

        /**
         * A time schedule or assets ({@code Schedule.cron("@daily").or(AssetCondition.any("a"))}).
         *
         * @param value the time schedule and the asset condition
         * @return this builder
         */
        public Builder schedule(ppacer.api.schedule.TimeOrAssets value) {
            Objects.requireNonNull(value, "schedule");
            schedule(value.time());
            return onAssets(value.assets());
        }

        /** The assets each node reachable from the roots produces, by task id. */
        private java.util.Map<String, List<String>> producesOf() {
            java.util.Map<String, List<String>> out = new java.util.TreeMap<>();
            java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(roots);
            java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            while (!todo.isEmpty()) {
                Node n = todo.pop();
                if (seen.add(n)) {
                    if (!n.produces().isEmpty()) {
                        out.put(n.task().id(), n.produces());
                    }
                    todo.addAll(n.children());
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        }

        /**
         * @param value run every missed schedule point (true) or skip them (false, default); with
         *     {@link #catchUpWindow(Duration)} only the points inside the window run
         * @return this builder
         */
        public Builder catchUp(boolean value) {
            catchUp = value;
            return this;
        }

        /**
         * Limits catch-up (with {@code catchUp(true)}) to the missed schedule points at most this long
         * before now: after a downtime, older points get no run and are recorded as SKIPPED schedule
         * events (at most 1000 per gap, then one OUT_OF_BAND event), newer
         * ones get runs (CAUGHT_UP, the latest REGULAR). Without a window every missed point runs.
         *
         * @param value the window, positive, e.g. {@code Duration.ofHours(24)}
         * @return this builder
         */
        public Builder catchUpWindow(Duration value) {
            catchUpWindow = Objects.requireNonNull(value, "catchUpWindow");
            return this;
        }

        /**
         * @param value what happens when a schedule point comes due while a previous run is
         *     unfinished (default {@link OverlapPolicy#ALLOW}); any other policy runs one run at a time
         *     (max active runs 1)
         * @return this builder
         */
        public Builder overlap(OverlapPolicy value) {
            overlap = Objects.requireNonNull(value, "overlap");
            return this;
        }

        /**
         * @param value max concurrently active runs, at least 1 (default 16; 1 with an overlap policy
         *     other than ALLOW, which allows no other value)
         * @return this builder
         */
        public Builder maxActiveRuns(int value) {
            maxActiveRunsSet = true;
            maxActiveRuns = value;
            return this;
        }

        /** @param value max concurrently running tasks of this DAG, at least 1 (default 64) @return this builder */
        public Builder maxActiveTasks(int value) {
            maxActiveTasks = value;
            return this;
        }

        /**
         * @param value when each run must be finished: a miss alerts the notifiers once and flags the
         *     run, which goes on (see {@link Deadline})
         * @return this builder
         */
        public Builder deadline(Deadline value) {
            deadline = Objects.requireNonNull(value, "deadline");
            return this;
        }

        /** @param value config for tasks without their own @return this builder */
        public Builder defaultTaskConfig(TaskConfig value) {
            defaultTaskConfig = Objects.requireNonNull(value, "defaultTaskConfig");
            return this;
        }

        /**
         * Adds root nodes; every node reachable from them belongs to the DAG. Several roots are
         * allowed.
         *
         * @param first a root
         * @param more further roots
         * @return this builder
         */
        public Builder root(Node first, Node... more) {
            roots.add(Objects.requireNonNull(first, "root"));
            roots.addAll(List.of(more));
            return this;
        }

        /**
         * Validates and builds the DAG.
         *
         * @return the DAG
         * @throws DagDefinitionException naming the DAG and the offending values
         */
        public Dag build() {
            if (!Ids.isValid(id)) {
                throw new DagDefinitionException("Invalid DAG id '" + id + "': expected " + Ids.describeRule());
            }
            if (roots.isEmpty()) {
                throw new DagDefinitionException("DAG '" + id + "' is empty: add at least one task with root(...)");
            }
            if (maxActiveRuns < 1) {
                throw new DagDefinitionException("DAG '" + id + "': maxActiveRuns must be at least 1, was " + maxActiveRuns);
            }
            if (overlap != OverlapPolicy.ALLOW && maxActiveRunsSet && maxActiveRuns != 1) {
                throw new DagDefinitionException("DAG '" + id + "': overlap policy " + overlap
                        + " runs one run at a time; maxActiveRuns must be 1 (or unset), was " + maxActiveRuns);
            }
            if (catchUpWindow != null) {
                if (catchUpWindow.isNegative() || catchUpWindow.isZero()) {
                    throw new DagDefinitionException("DAG '" + id + "': catchUpWindow must be positive, was " + catchUpWindow);
                }
                if (!catchUp) {
                    throw new DagDefinitionException("DAG '" + id + "': catchUpWindow " + catchUpWindow
                            + " needs catchUp(true); without catch-up only the latest missed point runs");
                }
            }
            if (maxActiveTasks < 1) {
                throw new DagDefinitionException("DAG '" + id + "': maxActiveTasks must be at least 1, was " + maxActiveTasks);
            }
            if (schedule != null && schedule.start().isEmpty()) {
                throw new DagDefinitionException("DAG '" + id + "': schedule '" + schedule.describe()
                        + "' has no start; set one, e.g. Schedule.cron(\"0 * * * *\").startingAt(instant)");
            }
            for (String tag : tags) {
                if (tag == null || !TAG.matcher(tag).matches()) {
                    throw new DagDefinitionException("DAG '" + id + "': invalid tag '" + tag
                            + "': expected 1-64 characters from [A-Za-z0-9_.:/ -]");
                }
            }
            return new Dag(this, Topology.of(id, roots, defaultTaskConfig));
        }
    }
}
