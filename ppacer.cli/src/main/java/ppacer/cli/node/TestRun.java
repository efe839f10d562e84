package ppacer.cli.node;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.DagTask;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.Store;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskLogRecord;
import ppacer.cli.client.Table;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.InProcessWorker;
import ppacer.server.WorkerConfig;

/**
 * One run of {@code ppacer test}: the real {@link Scheduler} on a throwaway in-memory SQLite store
 * with an {@link InProcessWorker}, no HTTP server and no port. The run is triggered at once; task
 * status changes and task log records are printed as they are stored, then a summary table (task,
 * status, attempts, duration, reason). Retries, trigger rules, branches, short-circuits, timeouts and
 * teardowns behave as in production because the production code runs them.
 *
 * @param dag the DAG to run, as {@link TestDag#of} prepared it
 * @param paramsJson the run parameters, a JSON object text
 * @param logicalTime the run's logical time
 * @param concurrency how many tasks run at once
 */
public record TestRun(Dag dag, String paramsJson, Instant logicalTime, int concurrency) {
    /** The store every test run uses: a fresh in-memory SQLite database, gone when the run ends. */
    public static final String STORE_URL = "jdbc:sqlite::memory:";
    private static final Duration POLL = Duration.ofMillis(20);

    /** Validates. */
    public TestRun {
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(paramsJson, "paramsJson");
        Objects.requireNonNull(logicalTime, "logicalTime");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
    }

    /**
     * Prepares a test run of a registered DAG (see {@link TestDag}).
     *
     * @param registry the DAGs found
     * @param dagId the DAG
     * @param taskId the one task to run alone, or empty for the whole DAG
     * @param retries whether to retry failed attempts as configured
     * @param paramsJson the run parameters
     * @param logicalTime the run's logical time
     * @return the test run
     * @throws ppacer.scheduler.model.UnknownIdException naming the known ids when the DAG or task is unknown
     */
    public static TestRun of(DagRegistry registry, String dagId, Optional<String> taskId, boolean retries,
                             String paramsJson, Instant logicalTime) {
        return of(registry, dagId, taskId, retries, paramsJson, logicalTime, java.util.Map.of());
    }

    /**
     * As {@link #of(DagRegistry, String, Optional, boolean, String, Instant)}, with the outputs the one
     * task's parents stored.
     *
     * @param registry the DAGs found
     * @param dagId the DAG to test
     * @param taskId the one task to run, or empty for the whole DAG
     * @param retries whether failed attempts are retried
     * @param paramsJson the run parameters
     * @param logicalTime the run's logical time
     * @param inputs with {@code taskId}: its parents' outputs, by parent id
     * @return the test run
     */
    public static TestRun of(DagRegistry registry, String dagId, Optional<String> taskId, boolean retries,
                             String paramsJson, Instant logicalTime, java.util.Map<String, ppacer.api.TaskOutput> inputs) {
        return new TestRun(TestDag.of(registry, dagId, taskId, retries, inputs), paramsJson, logicalTime, 8);
    }

    /**
     * Runs the DAG to its end, printing progress, logs and the summary.
     *
     * @param out where to print
     * @return the run's final status, SUCCESS or FAILED
     * @throws InterruptedException when interrupted while waiting
     */
    public DagRunStatus execute(PrintWriter out) throws InterruptedException {
        SchedulerConfig config = SchedulerConfig.builder(DagRegistry.of(dag)).storeUrl(STORE_URL).build();
        try (Scheduler scheduler = Scheduler.start(config)) {
            InProcessWorker worker = InProcessWorker.start(scheduler,
                    WorkerConfig.defaults().withExecutorId("test").withConcurrency(concurrency));
            try {
                return follow(scheduler, out);
            } finally {
                worker.close();
            }
        }
    }

    private DagRunStatus follow(Scheduler scheduler, PrintWriter out) throws InterruptedException {
        long runId = scheduler.trigger(dag.id(), paramsJson, logicalTime);
        Store store = scheduler.store();
        DagRunRecord run = store.dagRuns().find(runId).orElseThrow();
        out.printf("Testing %s: run %d, logical time %s, %d task%s, in-memory store, no server%n", dag.id(), runId,
                run.logicalTime(), dag.size(), dag.size() == 1 ? "" : "s");
        out.flush();
        Progress progress = new Progress(store, runId, out);
        while (true) {
            run = store.dagRuns().find(runId).orElseThrow();
            progress.print();
            if (run.status().isTerminal()) {
                break;
            }
            Thread.sleep(POLL);
        }
        progress.print();
        out.printf("Run %d of %s: %s%n", runId, dag.id(), run.status());
        summary(store, runId).print(out);
        return run.status();
    }

    private Table summary(Store store, long runId) {
        Map<String, TaskAttemptRecord> latest = new HashMap<>();
        for (TaskAttemptRecord a : store.attempts().latest(runId)) {
            latest.put(a.key().taskId(), a);
        }
        Table t = new Table("TASK", "STATUS", "ATTEMPTS", "DURATION", "REASON");
        Map<String, java.util.TreeMap<Integer, TaskAttemptRecord>> instances = new HashMap<>();
        latest.forEach((id, a) -> ppacer.api.TaskMapping.mappedTaskOf(id).ifPresent(m -> instances
                .computeIfAbsent(m, x -> new java.util.TreeMap<>()).put(ppacer.api.TaskMapping.indexOf(id).getAsInt(), a)));
        for (DagTask task : dag.tasks()) {
            TaskAttemptRecord a = latest.get(task.id());
            java.util.TreeMap<Integer, TaskAttemptRecord> mine = instances.getOrDefault(task.id(), new java.util.TreeMap<>());
            if (a == null && !mine.isEmpty()) { // a mapped task: its instances' sum, then each instance
                t.row(task.id(), sum(mine.values()), "-", "-", mine.size() + " instances");
            } else {
                row(t, task.id(), a);
            }
            mine.values().forEach(i -> row(t, i.key().taskId(), i));
        }
        return t;
    }

    private static void row(Table t, String taskId, TaskAttemptRecord a) {
        if (a == null) {
            t.row(taskId, "NO_STATUS", 0, "-", "-");
            return;
        }
        String duration = a.startedAt().isPresent() && a.finishedAt().isPresent()
                ? format(Duration.between(a.startedAt().get(), a.finishedAt().get())) : "-";
        t.row(taskId, a.status(), a.key().attempt() + 1, duration, reason(a));
    }

    /** A mapped task's status from its instances': FAILED if one failed, SKIPPED if all skipped, SUCCESS once all are done. */
    private static TaskStatus sum(java.util.Collection<TaskAttemptRecord> instances) {
        if (instances.stream().anyMatch(i -> i.status() == TaskStatus.FAILED || i.status() == TaskStatus.UPSTREAM_FAILED)) {
            return TaskStatus.FAILED;
        }
        if (instances.stream().allMatch(i -> i.status() == TaskStatus.SKIPPED)) {
            return TaskStatus.SKIPPED;
        }
        return instances.stream().allMatch(i -> i.status().isFinished()) ? TaskStatus.SUCCESS : TaskStatus.RUNNING;
    }

    /** @return a failure's first line, why the task was skipped, or the branch chosen; "-" when none */
    static String reason(TaskAttemptRecord a) {
        List<String> parts = new ArrayList<>();
        a.error().flatMap(e -> e.lines().findFirst()).filter(l -> !l.isBlank()).ifPresent(parts::add);
        a.reason().filter(r -> !r.isBlank()).ifPresent(parts::add);
        a.branch().ifPresent(b -> parts.add(b.isEmpty() ? "branch chose none of its children"
                : "branch chose " + String.join(", ", b)));
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    /** @return e.g. {@code 0.012s}, {@code 3.500s}, {@code 2m05.000s} */
    static String format(Duration d) {
        long millis = Math.max(0, d.toMillis());
        long minutes = millis / 60_000;
        String seconds = String.format(java.util.Locale.ROOT, "%d.%03ds", millis / 1000 % 60, millis % 1000);
        return minutes > 0 ? minutes + "m" + (millis / 1000 % 60 < 10 ? "0" : "") + seconds : seconds;
    }

    /** What was printed so far: each attempt's last status and how many of its log records. */
    private final class Progress {
        private final Store store;
        private final long runId;
        private final PrintWriter out;
        private final int width;
        private final Map<AttemptKey, TaskStatus> statuses = new HashMap<>();
        private final Map<AttemptKey, Long> logged = new HashMap<>();
        /** Per task, the first attempt whose output may still grow. */
        private final Map<String, Integer> open = new HashMap<>();

        Progress(Store store, long runId, PrintWriter out) {
            this.store = store;
            this.runId = runId;
            this.out = out;
            this.width = dag.tasks().stream().mapToInt(t -> t.id().length()).max().orElse(4) + 3;
        }

        /** Prints what is new, task by task in the DAG's order: log records first, then status changes. */
        void print() {
            List<TaskAttemptRecord> byOrder = new ArrayList<>(store.attempts().latest(runId));
            byOrder.sort(Comparator.comparingInt(a -> dag.task(ppacer.api.TaskMapping.mappedTaskOf(a.key().taskId())
                    .orElse(a.key().taskId())).map(DagTask::order).orElse(0)));
            for (TaskAttemptRecord latest : byOrder) {
                String taskId = latest.key().taskId();
                int from = open.getOrDefault(taskId, 0);
                List<TaskAttemptRecord> attempts = latest.key().attempt() == from ? List.of(latest)
                        : store.attempts().attempts(runId, taskId).stream().filter(a -> a.key().attempt() >= from).toList();
                for (TaskAttemptRecord a : attempts) {
                    printLogs(a.key());
                    if (statuses.put(a.key(), a.status()) != a.status()) {
                        String why = a.status() == TaskStatus.RUNNING || a.status() == TaskStatus.SCHEDULED ? "" : reason(a);
                        out.printf("%s %s%s%n", label(a.key()), a.status(), why.equals("-") || why.isEmpty() ? "" : ": " + why);
                    }
                    if (a.key().attempt() < latest.key().attempt()) {
                        open.put(taskId, a.key().attempt() + 1);
                    }
                }
            }
            out.flush();
        }

        private void printLogs(AttemptKey key) {
            long offset = logged.getOrDefault(key, 0L);
            while (true) {
                List<TaskLogRecord> page = store.taskLogs().read(key, offset, 500).records();
                for (TaskLogRecord r : page) {
                    out.printf("%s %-5s %s%s%n", label(key), r.level(), r.message(),
                            r.attributesJson().isBlank() || r.attributesJson().equals("{}") ? "" : " " + r.attributesJson());
                }
                offset += page.size();
                if (page.size() < 500) {
                    break;
                }
            }
            logged.put(key, offset);
        }

        private String label(AttemptKey key) {
            String l = key.taskId() + "#" + key.attempt();
            return l + " ".repeat(Math.max(1, width - l.length()));
        }
    }
}
