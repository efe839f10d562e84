package ppacer.loadtest;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.exec.client.SchedulerClient;
import ppacer.scheduler.model.BackfillProgress;
import ppacer.scheduler.model.BackfillRequest;

/**
 * The end-to-end load harness: the real scheduler, store and executors with no-op tasks.
 *
 * <pre>
 * bin/load-harness                 # everything, full sizes (a few minutes)
 * bin/load-harness --smoke         # tiny sizes, seconds: checks the harness still works
 * bin/load-harness --modes embedded-sqlite,http-sqlite --scenarios burn,wide,hop,idle,backfill
 * bin/load-harness --scenarios backfill --backfill-days 3650 --backfill-max-active 64
 * bin/load-harness --warmup 0      # no warm-up round before the throughput scenarios of each mode
 * bin/load-harness --scenarios pools   # 3 pairs without/with pools, order alternating, median (pool accounting cost)
 * bin/load-harness --scenarios burn --tracing   # the burn-down without, then with OpenTelemetry tracing
 * bin/load-harness --modes embedded-sqlite --scenarios burn --tracing --repeat 5   # 5 pairs, order alternating, median
 * bin/load-harness --scenarios retention --retention-attempts 1000000   # the cleaner on 1M attempts of history
 * bin/load-harness --modes embedded-postgres,embedded-sqlite --scenarios trigger-batch --warmup 0   # 20,000 runs: batch vs single triggers
 * bin/load-harness --modes embedded-sqlite,embedded-postgres --scenarios history --history-attempts 10000000
 *                                  # the UI's API and the scheduler's start over 10M attempts (HistoryScale)
 * </pre>
 *
 * <p>Scenarios: {@code burn} (a burn-down of N single-task runs, queued while the DAG is paused,
 * then released), {@code wide} (one DAG of M independent tasks), {@code hop} (a K-task chain: the
 * time from a parent's end to its child's start, from the stored attempt times), {@code idle} (100
 * scheduled DAGs, nothing due: CPU and store calls per second), {@code deferred} (N attempts
 * deferred for an hour, nothing due: CPU and store calls per second, like idle; not in the default
 * list), {@code backfill} (a backfill of D
 * daily points of a no-op DAG, from its creation to SUCCEEDED, in runs/s, against a burn-down of as
 * many single-task runs in the same stack: the overhead of the lazy creation), {@code pools} (the
 * burn-down in fresh stacks, without and with its task in a pool too large to throttle, in 3 pairs (or
 * {@code --repeat N}) whose order alternates: the cost of pool accounting, the median of the pooled
 * rates set against the plain ones of the same pairs), {@code retention}
 * (N attempts of 40-day-old history, inserted in batches; a burn-down without and one while the cleaner
 * deletes the history: the cleaner's rate, the burn-down ratio, the SQLite file size before and after),
 * {@code trigger-batch} (N runs enqueued by one batch trigger against N single triggers in the same
 * stack, the DAG paused so that only the enqueue is timed; not in the default list), {@code
 * history} (not in the default list; {@link HistoryScale}: 100 DAGs of history, the UI's API calls and the
 * scheduler's start with 1,000 unfinished runs, against the same store with the history's templates only). With
 * {@code --tracing}, {@code burn} runs twice in fresh stacks, without and then with tracing (every run and
 * attempt a span, and every execution on an HTTP executor, exported over OTLP/HTTP to a local endpoint
 * that drops them), the traced one after a traced warm-up of its own: the traced rate set against the
 * plain one of the same run; {@code --repeat N} makes N such pairs, alternating which runs first, and
 * reports their median ratio. Each
 * throughput figure is set
 * against a baseline measured in the same run: the store's own floor for the same writes per task
 * (insert the attempt, two compare-and-set transitions) from 64 threads with no scheduling at all.
 */
public final class LoadHarness {
    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean smoke = a.contains("--smoke");
        boolean tracing = a.contains("--tracing");
        int runs = intArg(a, "--runs", smoke ? 200 : 20_000);
        int wide = intArg(a, "--wide", smoke ? 200 : 10_000);
        int chain = intArg(a, "--chain", smoke ? 20 : 1_000);
        int idleSeconds = intArg(a, "--idle-seconds", smoke ? 1 : 10);
        int deferredTasks = intArg(a, "--deferred", smoke ? 200 : 10_000);
        int warmup = intArg(a, "--warmup", smoke ? 0 : 10_000);
        String pgUrl = stringArg(a, "--pg-url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        List<String> modes = List.of(stringArg(a, "--modes", smoke ? "embedded-sqlite,http-sqlite"
                : "embedded-sqlite,http-sqlite,embedded-postgres").split(","));
        List<String> scenarios = List.of(stringArg(a, "--scenarios", "burn,wide,hop,idle,backfill").split(","));
        int backfillDays = intArg(a, "--backfill-days", smoke ? 100 : 3_650);
        int backfillMaxActive = intArg(a, "--backfill-max-active", 64);
        int retentionAttempts = intArg(a, "--retention-attempts", smoke ? 20_000 : 1_000_000);
        int repeat = intArg(a, "--repeat", 1);
        long historyAttempts = Long.parseLong(stringArg(a, "--history-attempts", smoke ? "20000" : "10000000"));
        System.out.printf(Locale.ROOT, "ppacer load harness: %d cores, %s, runs=%d wide=%d chain=%d warmup=%d,"
                + " load average %.2f at start%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), runs, wide, chain, warmup, loadAverage());
        System.out.println("| scenario | mode | amount | time | rate / figure | baseline (same run) | ratio |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (String m : modes) {
            Stack.Mode mode = switch (m.trim()) {
                case "embedded-sqlite" -> Stack.Mode.EMBEDDED_SQLITE;
                case "http-sqlite" -> Stack.Mode.HTTP_SQLITE;
                case "embedded-postgres" -> Stack.Mode.EMBEDDED_POSTGRES;
                case "embedded-mysql" -> Stack.Mode.EMBEDDED_MYSQL;
                default -> throw new IllegalArgumentException("unknown mode '" + m + "'; expected embedded-sqlite,"
                        + " http-sqlite, embedded-postgres or embedded-mysql");
            };
            // executor processes are new JVMs per stack: over HTTP each stack warms itself (see warmStack)
            int inStack = mode == Stack.Mode.HTTP_SQLITE ? warmup : 0;
            if (warmup > 0 && inStack == 0 && (scenarios.contains("burn") || scenarios.contains("wide")
                    || scenarios.contains("pools") || scenarios.contains("mapped") || scenarios.contains("backfill"))) {
                warmUp(mode, warmup, pgUrl);
            }
            for (String s : scenarios) {
                switch (s.trim()) {
                    case "burn" -> {
                        if (tracing) {
                            traced(mode, runs, wide, chain, pgUrl, warmup, inStack, repeat);
                        } else {
                            burn(mode, runs, wide, chain, pgUrl, inStack, false);
                        }
                    }
                    case "pools" -> pools(mode, runs, wide, chain, pgUrl, inStack, repeat > 1 ? repeat : 3);
                    case "wide" -> wide(mode, wide, chain, pgUrl, inStack);
                    case "hop" -> {
                        if (mode == Stack.Mode.EMBEDDED_SQLITE || mode == Stack.Mode.HTTP_SQLITE) {
                            hop(mode, wide, chain, pgUrl, inStack);
                        }
                    }
                    case "idle" -> {
                        if (mode == Stack.Mode.EMBEDDED_SQLITE) {
                            idle(idleSeconds, pgUrl);
                        }
                    }
                    case "deferred" -> {
                        if (mode == Stack.Mode.EMBEDDED_SQLITE) {
                            deferred(deferredTasks, idleSeconds, pgUrl);
                        }
                    }
                    case "mapped" -> mapped(mode, wide, chain, pgUrl, inStack);
                    case "why" -> {
                        if (mode == Stack.Mode.EMBEDDED_SQLITE) {
                            why(wide);
                        }
                    }
                    case "backfill" -> backfill(mode, backfillDays, backfillMaxActive, wide, chain, pgUrl, inStack);
                    case "retention" -> retention(mode, retentionAttempts, runs, wide, chain, pgUrl);
                    case "trigger-batch" -> triggerBatch(mode, runs, wide, chain, pgUrl);
                    case "history" -> {
                        if (mode == Stack.Mode.EMBEDDED_SQLITE || mode == Stack.Mode.EMBEDDED_POSTGRES) {
                            HistoryScale.run(mode, historyAttempts, intArg(a, "--history-unfinished", smoke ? 100 : 1_000),
                                    intArg(a, "--history-gets", smoke ? 50 : 500), pgUrl, a.contains("--history-keep"));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown scenario '" + s + "'");
                }
            }
        }
        System.out.printf(Locale.ROOT, "load average %.2f at the end%n", loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * A burn-down in a running stack: {@code runs} single-task runs of {@link LoadDags#ONE} queued while
     * it is paused, then released; waits until all succeeded.
     *
     * @param atStart called just before the release (e.g. to read CPU counters)
     * @return the seconds from the release to the last success
     */
    private static double burnDown(Stack st, int runs, Runnable atStart) {
        long before = st.store.dagRuns().countByStatus().getOrDefault(DagRunStatus.SUCCESS, 0L);
        st.scheduler.pause(LoadDags.ONE);
        for (int i = 0; i < runs; i++) {
            st.scheduler.trigger(LoadDags.ONE, "{}");
        }
        atStart.run();
        long t0 = System.nanoTime();
        st.scheduler.unpause(LoadDags.ONE);
        // in memory first (a run leaves the active count after its final status committed): counting the
        // runs in the store every 10 ms would take CPU from the measured scheduler on a 2-core machine
        await(Duration.ofMinutes(10), () -> idleScheduler(st) && st.store.dagRuns().countByStatus()
                .getOrDefault(DagRunStatus.SUCCESS, 0L) == before + runs, () -> "burn-down: " + st.store.dagRuns().countByStatus());
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Retention at scale: {@code attempts} task attempts of old finished runs (10 per run, one log line
     * each, last updated 40 days ago; FAILED, so that the burn-down's count of SUCCESS runs does not see
     * them go) inserted through the store SPI in batches (1,000 attempts and log lines) from 8 threads on
     * SQLite, copied from one such run by {@link BulkHistory} on PostgreSQL and MariaDB; then a burn-down without
     * cleaning and one while {@link ppacer.scheduler.Scheduler#clean} deletes the history in its
     * batches (500 runs, 200 ms apart): the cleaner's rate, both burn-down rates and, on SQLite, the
     * file size before and after (incremental vacuum). Beside the history it writes what a clean must
     * never delete (old unfinished runs, an old run of a paused backfill; the latest
     * {@code keep-last-per-dag} history runs are kept by the policy) and fails unless exactly that
     * stays: every protected run, the latest history runs, no other history run.
     */
    private static void retention(Stack.Mode mode, int attempts, int runs, int wide, int chain, String pgUrl)
            throws Exception {
        int perRun = 10;
        int history = Math.max(1, attempts / perRun);
        try (Stack st = new Stack(mode, LoadDags.registry(wide, chain, 0, false), wide, chain, pgUrl, null)) {
            java.time.Instant old = java.time.Instant.now().minus(Duration.ofDays(40));
            java.time.Instant base = java.time.Instant.parse("2000-01-01T00:00:00Z");
            long g0 = System.nanoTime();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            long[] historyIds = new long[history];
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                List<java.util.concurrent.Future<?>> parts = new java.util.ArrayList<>();
                boolean bulk = mode == Stack.Mode.EMBEDDED_POSTGRES || mode == Stack.Mode.EMBEDDED_MYSQL;
                if (bulk) { // the first run through the SPI, copied by BulkHistory
                    next.set(history);
                    long template = st.store.dagRuns().insert(new ppacer.api.spi.NewDagRun(LoadDags.WIDE, base,
                            DagRunStatus.FAILED, "{}", ppacer.api.spi.ScheduleEventType.REGULAR, perRun, old));
                    List<ppacer.api.spi.NewAttempt> batch = new java.util.ArrayList<>();
                    List<ppacer.api.spi.TaskLogRecord> logs = new java.util.ArrayList<>();
                    for (int k = 0; k < perRun; k++) {
                        ppacer.api.spi.AttemptKey key = new ppacer.api.spi.AttemptKey(template, "w" + k, 0);
                        batch.add(new ppacer.api.spi.NewAttempt(key, ppacer.api.TaskStatus.SUCCESS, old,
                                java.util.Optional.empty()));
                        logs.add(new ppacer.api.spi.TaskLogRecord(key, old, "INFO", "history line of a task", "{}"));
                    }
                    st.store.attempts().insert(batch);
                    st.store.taskLogs().append(logs);
                    System.arraycopy(BulkHistory.copy(st.jdbcUrl, mode == Stack.Mode.EMBEDDED_POSTGRES, template,
                            history - 1), 0, historyIds, 0, history);
                }
                for (int th = 0; th < 8; th++) {
                    parts.add(pool.submit(() -> {
                        List<ppacer.api.spi.NewAttempt> batch = new java.util.ArrayList<>();
                        List<ppacer.api.spi.TaskLogRecord> logs = new java.util.ArrayList<>();
                        for (int i = next.getAndIncrement(); i < history; i = next.getAndIncrement()) {
                            long run = st.store.dagRuns().insert(new ppacer.api.spi.NewDagRun(LoadDags.WIDE,
                                    base.plusSeconds(60L * i), DagRunStatus.FAILED, "{}",
                                    ppacer.api.spi.ScheduleEventType.REGULAR, perRun, old));
                            historyIds[i] = run;
                            for (int k = 0; k < perRun; k++) {
                                ppacer.api.spi.AttemptKey key = new ppacer.api.spi.AttemptKey(run, "w" + k, 0);
                                batch.add(new ppacer.api.spi.NewAttempt(key, ppacer.api.TaskStatus.SUCCESS, old,
                                        java.util.Optional.empty()));
                                logs.add(new ppacer.api.spi.TaskLogRecord(key, old, "INFO", "history line of a task", "{}"));
                            }
                            if (batch.size() >= 1000) {
                                st.store.attempts().insert(batch);
                                st.store.taskLogs().append(logs);
                                batch.clear();
                                logs.clear();
                            }
                        }
                        if (!batch.isEmpty()) {
                            st.store.attempts().insert(batch);
                            st.store.taskLogs().append(logs);
                        }
                        return null;
                    }));
                }
                for (var f : parts) {
                    f.get();
                }
            }
            double genSeconds = (System.nanoTime() - g0) / 1e9;
            System.out.printf(Locale.ROOT, "| retention: history generated (%,d runs, %,d attempts, %,d log lines) | %s |"
                    + " %,d attempts | %.2f s | %,.0f attempts/s | | |%n", history, (long) history * perRun,
                    (long) history * perRun, label(mode), (long) history * perRun, genSeconds, history * perRun / genSeconds);
            Protected kept = Protected.write(st.store, old, base);
            String sizeBefore = st.sqliteSize();
            double plain = runs / burnDown(st, runs, () -> { });
            java.util.concurrent.CompletableFuture<ppacer.scheduler.model.CleanReport> cleaning =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> st.scheduler.clean(Duration.ofDays(30),
                            java.util.Optional.empty(), false));
            double withCleaner = runs / burnDown(st, runs, () -> { });
            ppacer.scheduler.model.CleanReport report = cleaning.get();
            kept.check(st.store, historyIds, st.scheduler.config().retention().keepLastPerDag());
            long deletedAttempts = report.rows().getOrDefault("attempts", 0L);
            double cleanSeconds = report.elapsed().toNanos() / 1e9;
            System.out.printf(Locale.ROOT, "| retention: cleaner (batches of 500 runs, 200 ms apart) | %s | %,d attempts"
                    + " in %,d batches | %.2f s | %,.0f attempts/s | | |%n", label(mode), deletedAttempts, report.batches(),
                    cleanSeconds, deletedAttempts / cleanSeconds);
            System.out.printf(Locale.ROOT, "| retention: burn-down while the cleaner runs | %s | %d runs | | %,.0f tasks/s"
                    + " | same burn-down without cleaning %,.0f tasks/s | %.2fx |%n", label(mode), runs, withCleaner, plain,
                    withCleaner / plain);
            if (mode == Stack.Mode.EMBEDDED_SQLITE || mode == Stack.Mode.HTTP_SQLITE) {
                System.out.printf(Locale.ROOT, "| retention: SQLite file | %s | | | before %s | after %s | |%n", label(mode),
                        sizeBefore, st.sqliteSize());
            }
        }
    }

    /**
     * What a clean must never delete, written beside the retention scenario's history: old unfinished
     * runs (RUNNING, before the history in logical time, so that keep-last does not cover them) and an
     * old FAILED run of a PAUSED backfill.
     *
     * @param unfinished the unfinished runs
     * @param backfilled the backfill's run
     */
    private record Protected(List<Long> unfinished, long backfilled) {
        static Protected write(Store store, java.time.Instant old, java.time.Instant base) {
            List<Long> unfinished = new java.util.ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                long run = store.dagRuns().insert(new ppacer.api.spi.NewDagRun(LoadDags.WIDE, base.minus(Duration.ofDays(i)),
                        DagRunStatus.QUEUED, "{}", ppacer.api.spi.ScheduleEventType.REGULAR, 10, old));
                if (!store.dagRuns().transition(run, DagRunStatus.QUEUED, DagRunStatus.RUNNING, old)) {
                    throw new IllegalStateException("run " + run + " could not be set RUNNING");
                }
                unfinished.add(run);
            }
            java.time.Instant point = base.minus(Duration.ofDays(10));
            long bf = store.backfills().insert(new ppacer.api.spi.NewBackfill(LoadDags.WIDE, point, point, 1,
                    ppacer.api.spi.BackfillReprocess.NONE, false, "{}", "load harness", old, java.util.Optional.of(point), 1));
            long run = store.backfills().advance(bf, 0, new ppacer.api.spi.BackfillStep.Create(new ppacer.api.spi.NewDagRun(
                    LoadDags.WIDE, point, DagRunStatus.FAILED, "{}", ppacer.api.spi.ScheduleEventType.BACKFILL, 10, old)),
                    java.util.Optional.empty(), old).orElseThrow(() -> new IllegalStateException("backfill " + bf
                    + ": its run was not created"));
            if (!store.backfills().setState(bf, 1, ppacer.api.spi.BackfillState.PAUSED, old)) {
                throw new IllegalStateException("backfill " + bf + " could not be paused");
            }
            return new Protected(unfinished, run);
        }

        /**
         * Fails unless the clean kept exactly what it must: every protected run, the latest {@code keep}
         * history runs (by logical time, the highest indexes), and no other history run.
         */
        void check(Store store, long[] historyIds, int keep) {
            List<String> wrong = new java.util.ArrayList<>();
            for (long r : unfinished) {
                if (store.dagRuns().find(r).isEmpty()) {
                    wrong.add("unfinished run " + r + " was deleted");
                }
            }
            if (store.dagRuns().find(backfilled).isEmpty()) {
                wrong.add("run " + backfilled + " of a paused backfill was deleted");
            }
            int n = historyIds.length;
            for (int i = Math.max(0, n - keep); i < n; i++) {
                if (store.dagRuns().find(historyIds[i]).isEmpty()) {
                    wrong.add("history run " + historyIds[i] + ", one of the latest " + keep + ", was deleted");
                }
            }
            long failed = store.dagRuns().countByStatus().getOrDefault(DagRunStatus.FAILED, 0L);
            long expected = Math.min(keep, n) + 1L;
            if (failed != expected) {
                wrong.add(failed + " FAILED runs remain; expected " + expected + " (the latest " + Math.min(keep, n)
                        + " history runs and the backfill's)");
            }
            if (!store.attempts().latest(historyIds[0]).isEmpty() && n > keep) {
                wrong.add("the attempts of deleted history run " + historyIds[0] + " remain");
            }
            if (!wrong.isEmpty()) {
                throw new IllegalStateException("retention removed what it must keep, or kept what it must remove: "
                        + wrong.subList(0, Math.min(10, wrong.size())));
            }
            System.out.printf(Locale.ROOT, "| retention: kept what must stay (%d unfinished, 1 of a paused backfill,"
                    + " latest %d per DAG) and nothing else | | | | checked | | |%n", unfinished.size(), Math.min(keep, n));
        }
    }

    /** @return the burn-down rate, tasks per second */
    private static double burn(Stack.Mode mode, int runs, int wide, int chain, String pgUrl, int warmup, boolean pooled)
            throws Exception {
        return burn(mode, runs, wide, chain, pgUrl, warmup, pooled, null);
    }

    /** @return the burn-down rate, tasks per second, with spans exported to {@code otlp} unless null */
    private static double burn(Stack.Mode mode, int runs, int wide, int chain, String pgUrl, int warmup, boolean pooled,
                               java.net.URI otlp) throws Exception {
        try (Stack st = new Stack(mode, LoadDags.registry(wide, chain, 0, pooled), wide, chain, pgUrl, null, otlp)) {
            warmStack(st, warmup);
            long[][] cpu0 = new long[1][];
            double seconds = burnDown(st, runs, () -> cpu0[0] = st.cpuNanos());
            cpuPerTask("burn-down", st, cpu0[0], runs);
            double floor = storeFloor(st.store, Math.min(runs, 20_000));
            row("burn-down of single-task runs" + (pooled ? " in a pool" : "") + (otlp != null ? ", traced" : ""), mode, runs + " runs", seconds,
                    runs / seconds, "tasks/s", floor);
            return runs / seconds;
        }
    }

    /**
     * Enqueueing triggered runs: {@code runs} runs of {@link LoadDags#ONE} made by ONE batch trigger
     * ({@link ppacer.scheduler.Scheduler#triggerBatch}, one transaction per 5,000 runs) against
     * {@code runs} single {@link ppacer.scheduler.Scheduler#trigger} calls in the same stack, the
     * baseline, timed first. The DAG is paused throughout, so every run is only created and queued
     * (QUEUED, nothing starts) and only the enqueue is timed; both start after a warm-up of 1,000 runs
     * each way. Each run gets its own parameters ({@code {"i": n}}).
     */
    private static void triggerBatch(Stack.Mode mode, int runs, int wide, int chain, String pgUrl) throws Exception {
        try (Stack st = new Stack(mode, LoadDags.registry(wide, chain, 0, false), wide, chain, pgUrl, null)) {
            st.scheduler.pause(LoadDags.ONE);
            int warm = Math.min(1_000, runs);
            for (int i = 0; i < warm; i++) {
                st.scheduler.trigger(LoadDags.ONE, "{\"i\":" + i + "}");
            }
            st.scheduler.triggerBatch(LoadDags.ONE, requests(warm));
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                st.scheduler.trigger(LoadDags.ONE, "{\"i\":" + i + "}");
            }
            double single = (System.nanoTime() - t0) / 1e9;
            List<ppacer.scheduler.model.TriggerRequest> batch = requests(runs);
            long t1 = System.nanoTime();
            List<Long> ids = st.scheduler.triggerBatch(LoadDags.ONE, batch);
            double batched = (System.nanoTime() - t1) / 1e9;
            if (ids.size() != runs || st.store.dagRuns().countByStatus().getOrDefault(DagRunStatus.QUEUED, 0L)
                    != 2L * (warm + runs)) {
                throw new IllegalStateException("trigger-batch: expected " + 2 * (warm + runs) + " QUEUED runs, found "
                        + st.store.dagRuns().countByStatus());
            }
            System.out.printf(Locale.ROOT, "| enqueue triggered runs (DAG paused), one batch trigger | %s | %d runs | %.3f s"
                    + " | %,.0f runs/s | %d single triggers %.3f s, %,.0f runs/s | %.1fx |%n", label(mode), runs, batched,
                    runs / batched, runs, single, runs / single, single / batched);
        }
    }

    private static List<ppacer.scheduler.model.TriggerRequest> requests(int n) {
        List<ppacer.scheduler.model.TriggerRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ppacer.scheduler.model.TriggerRequest.of("{\"i\":" + i + "}"));
        }
        return out;
    }

    /**
     * The explainer's cost: GET /dagruns/{id}/why and GET /dagruns/{id}/tasks/{task}/why on a run of
     * a {@code wide}-task DAG whose tasks all wait (a scheduler and its HTTP server, no executor),
     * against GET /state on the same server in the same run.
     */
    private static void why(int wide) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ppacer-why");
        try (Store store = Stores.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("why.db")))) {
            ppacer.scheduler.Scheduler scheduler = ppacer.scheduler.Scheduler.start(ppacer.scheduler.SchedulerConfig
                    .builder(LoadDags.registry(wide, 2, 0)).store(store).queueCapacity(100_000)
                    .stopTimeout(Duration.ofSeconds(2)).build());
            ppacer.server.SchedulerServer server = ppacer.server.SchedulerServer.start(scheduler,
                    ppacer.server.ServerConfig.defaults().withPort(0));
            try {
                long run = scheduler.trigger(LoadDags.WIDE, "{}");
                await(Duration.ofMinutes(2), () -> scheduler.stats().activeRuns() == 1
                        && store.attempts().latest(run).size() == wide, () -> "wide run not scheduled");
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                String base = server.uri().toString().replaceAll("/$", "");
                long[] state = timeGets(http, base + "/state", 500);
                long[] runWhy = timeGets(http, base + "/dagruns/" + run + "/why", 500);
                long[] allWhy = timeGets(http, base + "/dagruns/" + run + "/why?limit=" + wide, 100);
                long[] taskWhy = timeGets(http, base + "/dagruns/" + run + "/tasks/w" + (wide / 2) + "/why", 500);
                for (Object[] r : new Object[][] {{"GET /dagruns/{id}/why (the default answer: counts + 100 tasks)", runWhy},
                        {"GET /dagruns/{id}/why?limit=" + wide + " (every task answered, as the UI's run page asks)", allWhy},
                        {"GET /dagruns/{id}/tasks/{task}/why", taskWhy}}) {
                    long[] t = (long[]) r[1];
                    System.out.printf(Locale.ROOT, "| explainer, %s, a run of %,d waiting tasks | embedded SQLite + HTTP |"
                            + " %d calls | – | p50 %.2f ms, p99 %.2f ms | GET /state p50 %.2f ms, p99 %.2f ms | %.1fx (p99) |%n",
                            r[0], wide, t.length, ms(pct(t, 50)), ms(pct(t, 99)), ms(pct(state, 50)), ms(pct(state, 99)),
                            (double) pct(t, 99) / pct(state, 99));
                }
            } finally {
                server.close();
                scheduler.close();
            }
        }
    }

    /** Times {@code n} GETs of {@code url} after {@code n / 5} unmeasured ones; sorted nanoseconds. */
    static long[] timeGets(java.net.http.HttpClient http, String url, int n) throws Exception {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build();
        long[] out = new long[n];
        for (int i = -n / 5; i < n; i++) {
            long t0 = System.nanoTime();
            var res = http.send(req, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + new String(res.body(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            if (i >= 0) {
                out[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * A backfill of {@code days} daily points of a no-op DAG with {@code maxActive}, timed from its
     * creation to SUCCEEDED, set against a burn-down of as many single-task runs (triggered while the
     * DAG is paused, then released) in the same stack: the same runs without the lazy creation.
     */
    private static void backfill(Stack.Mode mode, int days, int maxActive, int wide, int chain, String pgUrl, int warmup)
            throws Exception {
        try (Stack st = new Stack(mode, LoadDags.withDaily(wide, chain), wide, chain, pgUrl, null)) {
            st.scheduler.pause(LoadDags.TICK); // runs only during the backfill
            warmStack(st, warmup);
            long before = st.store.dagRuns().countByStatus().getOrDefault(DagRunStatus.SUCCESS, 0L);
            st.scheduler.pause(LoadDags.ONE);
            for (int i = 0; i < days; i++) {
                st.scheduler.trigger(LoadDags.ONE, "{}");
            }
            long t0 = System.nanoTime();
            st.scheduler.unpause(LoadDags.ONE);
            // a tick run created before the pause may end during the burn-down: count the burn-down DAG's own runs
            await(Duration.ofMinutes(10), () -> idleScheduler(st) && st.store.dagRuns().countByStatus()
                    .getOrDefault(DagRunStatus.SUCCESS, 0L) >= before + days && succeeded(st, LoadDags.ONE, days) == days,
                    () -> "burn-down: " + st.store.dagRuns().countByStatus());
            double burn = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            Instant tickFrom = Instant.now();
            st.scheduler.unpause(LoadDags.TICK);
            long id = st.scheduler.backfill(new BackfillRequest(LoadDags.DAILY, LoadDags.DAILY_START,
                    LoadDags.DAILY_START.plus(Duration.ofDays(days - 1L)), maxActive, BackfillReprocess.NONE, false, "{}", false,
                    false, "load-harness")).id();
            await(Duration.ofMinutes(10), () -> st.scheduler.backfillProgress(id).backfill().state().isTerminal(),
                    () -> "backfill: " + st.scheduler.backfillProgress(id));
            double seconds = (System.nanoTime() - t1) / 1e9;
            Instant tickTo = Instant.now();
            st.scheduler.pause(LoadDags.TICK);
            BackfillProgress p = st.scheduler.backfillProgress(id);
            if (p.runsSucceeded() != days) {
                throw new IllegalStateException("backfill ended with " + p);
            }
            row("backfill of daily no-op runs, max-active " + maxActive, mode, days + " runs", seconds, days / seconds,
                    "runs/s", "burn-down of as many runs", days / burn);
            tickDelays(st, tickFrom, tickTo, maxActive);
        }
    }

    /**
     * The start delays (RUNNING minus logical time) of the every-second DAG's runs due while the
     * backfill ran: fairness made visible (scheduled runs go before waiting backfill runs).
     */
    private static void tickDelays(Stack st, Instant from, Instant to, int maxActive) {
        await(Duration.ofMinutes(1), () -> st.store.dagRuns().recent(Optional.of(LoadDags.TICK), Optional.empty(), 1)
                .stream().allMatch(r -> r.run().status().isTerminal()), () -> "tick runs unfinished");
        long[] delays = st.store.dagRuns().recent(Optional.of(LoadDags.TICK), Optional.empty(), 100_000).stream()
                .map(r -> r.run())
                .filter(r -> !r.logicalTime().isBefore(from) && r.logicalTime().isBefore(to) && r.startedAt().isPresent())
                .mapToLong(r -> Duration.between(r.logicalTime(), r.startedAt().get()).toNanos()).sorted().toArray();
        if (delays.length == 0) {
            System.out.println("| start delay of a DAG scheduled every second, during the backfill | – | no runs | – | – | – | – |");
            return;
        }
        System.out.printf(Locale.ROOT, "| start delay of a DAG scheduled every second, during the backfill (max-active %d) | %s |"
                + " %d runs | – | p50 %.1f ms, p99 %.1f ms, max %.1f ms | target p99 < 1 s | – |%n", maxActive,
                label(st.mode), delays.length, ms(pct(delays, 50)), ms(pct(delays, 99)), ms(delays[delays.length - 1]));
    }

    /**
     * The warm-up runs of {@link #warmRuns} in a throwaway stack, not reported: the measured
     * scenarios then run on JIT-compiled code instead of paying the compilers' CPU (on 2 cores) inside
     * a run of one or two seconds.
     */
    private static void warmUp(Stack.Mode mode, int n, String pgUrl) throws Exception {
        warmUp(mode, n, pgUrl, null);
    }

    /** The warm-up, its spans exported to {@code otlp} unless null (before a traced burn-down). */
    private static void warmUp(Stack.Mode mode, int n, String pgUrl, java.net.URI otlp) throws Exception {
        long t0 = System.nanoTime();
        try (Stack st = new Stack(mode, LoadDags.registry(n, 2, 0), n, 2, pgUrl, null, otlp)) {
            warmRuns(st, n);
        }
        System.err.printf(Locale.ROOT, "(warm-up of %s%s: %d single-task runs, a %d-task DAG and a task mapped over %d items,"
                + " %.1f s, not reported)%n", label(mode), otlp == null ? "" : ", traced", n, n, n,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Every shape the scenarios measure: {@code n} single-task runs, then one run of the stack's wide
     * DAG and one of its mapped task, each to SUCCESS. Without
     * the mapped run, the mapped scenario would measure the expansion and hand-out of mapped instances
     * on interpreted code next to a JIT-compiled wide DAG.
     */
    private static void warmRuns(Stack st, int n) {
        st.scheduler.pause(LoadDags.ONE);
        for (int i = 0; i < n; i++) {
            st.scheduler.trigger(LoadDags.ONE, "{}");
        }
        st.scheduler.unpause(LoadDags.ONE);
        for (String dag : List.of(LoadDags.WIDE, LoadDags.MAPPED)) {
            long run = st.scheduler.trigger(dag, "{}");
            await(Duration.ofMinutes(10), () -> idleScheduler(st) && st.store.dagRuns().find(run).orElseThrow().status()
                    == DagRunStatus.SUCCESS, () -> "warm-up: " + st.store.dagRuns().countByStatus());
        }
    }

    /** Prints (to stderr, not the table) the CPU time each process spent per task since {@code cpu0}. */
    private static void cpuPerTask(String scenario, Stack st, long[] cpu0, int tasks) {
        long[] cpu = st.cpuNanos();
        StringBuilder b = new StringBuilder("(" + scenario + ", CPU per task: scheduler+harness "
                + String.format(Locale.ROOT, "%.1f µs", (cpu[0] - cpu0[0]) / 1e3 / tasks));
        for (int i = 1; i < cpu.length; i++) {
            b.append(String.format(Locale.ROOT, ", executor %d %.1f µs", i, (cpu[i] - cpu0[i]) / 1e3 / tasks));
        }
        System.err.println(b.append(")"));
    }

    /**
     * Over HTTP the executors are new JVMs in every stack; a real executor is a long-lived process,
     * so before measuring, the stack itself does the warm-up runs of {@link #warmRuns} (not reported),
     * and the measurement then sees JIT-compiled executors and scheduler.
     */
    private static void warmStack(Stack st, int n) {
        if (n == 0) {
            return;
        }
        long t0 = System.nanoTime();
        warmRuns(st, n);
        System.err.printf(Locale.ROOT, "(warm-up in the stack: %d single-task runs, a wide DAG and a mapped task, %.1f s,"
                + " not reported)%n", n, (System.nanoTime() - t0) / 1e9);
    }

    /** How many of the latest {@code limit} runs of {@code dag} succeeded. */
    private static long succeeded(Stack st, String dag, int limit) {
        return st.store.dagRuns().recent(Optional.of(dag), Optional.empty(), limit).stream()
                .filter(r -> r.run().status() == DagRunStatus.SUCCESS).count();
    }

    private static boolean idleScheduler(Stack st) {
        var stats = st.scheduler.stats();
        return stats.activeRuns() == 0 && stats.queuedRuns() == 0;
    }

    private static void wide(Stack.Mode mode, int wide, int chain, String pgUrl, int warmup) throws Exception {
        try (Stack st = new Stack(mode, LoadDags.registry(wide, chain, 0), wide, chain, pgUrl, null)) {
            warmStack(st, warmup);
            long[] cpu0 = st.cpuNanos();
            long t0 = System.nanoTime();
            long run = st.scheduler.trigger(LoadDags.WIDE, "{}");
            await(Duration.ofMinutes(10), () -> idleScheduler(st) && st.store.dagRuns().find(run).orElseThrow().status() == DagRunStatus.SUCCESS,
                    () -> "wide run: " + st.store.dagRuns().find(run));
            double seconds = (System.nanoTime() - t0) / 1e9;
            cpuPerTask("wide DAG", st, cpu0, wide);
            double floor = storeFloor(st.store, Math.min(wide, 20_000));
            row("one DAG of independent tasks", mode, wide + " tasks", seconds, wide / seconds, "tasks/s", floor);
        }
    }

    /**
     * One task mapped over {@code wide} items against the wide DAG of as many tasks, in the same stack:
     * three rounds of one run each, alternated (wide, mapped, wide, ...), and the median rate of each,
     * so a burst of load from elsewhere on the machine skews one round, not the ratio.
     */
    private static void mapped(Stack.Mode mode, int wide, int chain, String pgUrl, int warmup) throws Exception {
        try (Stack st = new Stack(mode, LoadDags.registry(wide, chain, 0), wide, chain, pgUrl, null)) {
            warmStack(st, warmup);
            double[][] rates = new double[2][3];
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < 2; k++) {
                    String dag = k == 0 ? LoadDags.WIDE : LoadDags.MAPPED;
                    long t0 = System.nanoTime();
                    long run = st.scheduler.trigger(dag, "{}");
                    await(Duration.ofMinutes(10), () -> idleScheduler(st) && st.store.dagRuns().find(run).orElseThrow().status()
                            == DagRunStatus.SUCCESS, () -> dag + " run: " + st.store.dagRuns().find(run));
                    rates[k][round] = wide / ((System.nanoTime() - t0) / 1e9);
                }
            }
            double plain = median(rates[0]);
            double mapped = median(rates[1]);
            System.out.printf(Locale.ROOT, "| one task mapped over %,d items (instances/s, incl. the listing task; median of 3"
                    + " alternated runs) | %s | %,d instances | %.2f s | %,.0f tasks/s | the wide DAG of as many tasks %,.0f"
                    + " tasks/s | %.2fx |%n", wide, label(mode), wide, wide / mapped, mapped, plain, mapped / plain);
        }
    }

    /**
     * The burn-down without and with tracing, {@code repeat} pairs in fresh stacks, the order of each pair
     * alternating (plain first, then traced first) so that neither always runs on the heap the other left:
     * a row per pair, then the median ratio when there is more than one. The traced path is warmed up once
     * before its first burn-down, as the plain one was.
     */
    private static void traced(Stack.Mode mode, int runs, int wide, int chain, String pgUrl, int warmup, int inStack,
                               int repeat) throws Exception {
        try (OtlpSink sink = new OtlpSink()) {
            if (warmup > 0 && inStack == 0) {
                warmUp(mode, warmup, pgUrl, sink.endpoint());
            }
            double[] ratios = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                double plain = 0;
                if (i % 2 == 0) {
                    plain = burn(mode, runs, wide, chain, pgUrl, inStack, false);
                }
                long requests = sink.requests();
                long bytes = sink.bytes();
                long runSpans = sink.runSpans();
                long attemptSpans = sink.attemptSpans();
                long otherSpans = sink.otherSpans();
                double traced = burn(mode, runs, wide, chain, pgUrl, inStack, false, sink.endpoint());
                long sent = sink.requests() - requests;
                long kib = (sink.bytes() - bytes) / 1024;
                exported(mode, runs, inStack, sink, sink.runSpans() - runSpans, sink.attemptSpans() - attemptSpans,
                        sink.otherSpans() - otherSpans);
                if (i % 2 == 1) {
                    plain = burn(mode, runs, wide, chain, pgUrl, inStack, false);
                }
                ratios[i] = traced / plain;
                System.out.printf(Locale.ROOT, "| burn-down with tracing (%,d OTLP exports, %,d KiB%s) | %s | %d runs | |"
                        + " %,.0f tasks/s | same burn-down without tracing %,.0f tasks/s | %.2fx |%n", sent, kib,
                        repeat > 1 ? ", pair " + (i + 1) + (i % 2 == 0 ? " plain first" : " traced first") : "",
                        label(mode), runs, traced, plain, ratios[i]);
            }
            if (repeat > 1) {
                System.out.printf(Locale.ROOT, "| burn-down with tracing, median of %d pairs (%s) | %s | %d runs | | | |"
                        + " %.2fx |%n", repeat, Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
                        .collect(java.util.stream.Collectors.joining(", ")), label(mode), runs, median(ratios));
            }
        }
    }

    /**
     * The burn-down without and with every task in a pool too large to throttle, {@code pairs} pairs in
     * fresh stacks, the order alternating (plain first, then pooled first) so that neither always profits
     * from the JIT warm-up and heap the other left: a row per pair, then the median of the ratios.
     */
    private static void pools(Stack.Mode mode, int runs, int wide, int chain, String pgUrl, int inStack, int pairs)
            throws Exception {
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            boolean plainFirst = i % 2 == 0;
            double first = burn(mode, runs, wide, chain, pgUrl, inStack, !plainFirst);
            double second = burn(mode, runs, wide, chain, pgUrl, inStack, plainFirst);
            double plain = plainFirst ? first : second;
            double pooled = plainFirst ? second : first;
            ratios[i] = pooled / plain;
            System.out.printf(Locale.ROOT, "| burn-down, every task in a %d-slot pool (pair %d, %s first) | %s | %d runs | |"
                    + " %,.0f tasks/s | same burn-down without pools %,.0f tasks/s | %.2fx |%n", LoadDags.POOL_SLOTS, i + 1,
                    plainFirst ? "plain" : "pooled", label(mode), runs, pooled, plain, ratios[i]);
        }
        System.out.printf(Locale.ROOT, "| burn-down in a pool, median of %d alternated pairs (%s) | %s | %d runs | | | |"
                + " **%.2fx** |%n", pairs, Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
                .collect(java.util.stream.Collectors.joining(", ")), label(mode), runs, median(ratios));
    }

    /**
     * Says how many spans of a traced burn-down reached the OTLP endpoint (its stack closed, so flushed) and
     * fails when a run or an attempt of it is missing: the overhead is measured with every span exported.
     * Over HTTP the stack's own warm-up runs are traced too, so only "at least" can be checked there.
     */
    private static void exported(Stack.Mode mode, int runs, int inStack, OtlpSink sink, long runSpans,
                                 long attemptSpans, long otherSpans) {
        boolean exact = inStack == 0;
        boolean complete = exact ? runSpans == runs && attemptSpans == runs : runSpans >= runs && attemptSpans >= runs;
        System.out.printf(Locale.ROOT, "| spans exported by the traced burn-down | %s | %,d run, %,d attempt, %,d other"
                + " | | %s | expected %s%,d run and %,d attempt spans | |%n", label(mode), runSpans, attemptSpans, otherSpans,
                complete ? "none dropped" : "SPANS MISSING", exact ? "" : "at least ", runs, runs);
        if (!complete || sink.unreadable() > 0) {
            throw new IllegalStateException("the traced burn-down of " + runs + " runs exported " + runSpans + " run spans and "
                    + attemptSpans + " attempt spans (" + sink.unreadable() + " unreadable requests): spans were dropped,"
                    + " so its rate is not that of full tracing");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void hop(Stack.Mode mode, int wide, int chain, String pgUrl, int warmup) throws Exception {
        try (Stack st = new Stack(mode, LoadDags.registry(wide, chain, 0), wide, chain, pgUrl, null)) {
            warmStack(st, warmup);
            long run = st.scheduler.trigger(LoadDags.CHAIN, "{}");
            await(Duration.ofMinutes(10), () -> idleScheduler(st) && st.store.dagRuns().find(run).orElseThrow().status() == DagRunStatus.SUCCESS,
                    () -> "chain run: " + st.store.dagRuns().find(run));
            List<TaskAttemptRecord> attempts = st.store.attempts().latest(run);
            Map<String, TaskAttemptRecord> byTask = new java.util.HashMap<>();
            attempts.forEach(r -> byTask.put(r.key().taskId(), r));
            long[] hops = new long[chain - 1];
            for (int i = 1; i < chain; i++) {
                Instant parentEnd = byTask.get("c" + (i - 1)).finishedAt().orElseThrow();
                Instant childStart = byTask.get("c" + i).startedAt().orElseThrow();
                hops[i - 1] = Duration.between(parentEnd, childStart).toNanos();
            }
            Arrays.sort(hops);
            double floorMs = hopFloorMs(st);
            String figure = String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, max %.3f ms", ms(pct(hops, 50)),
                    ms(pct(hops, 99)), ms(hops[hops.length - 1]));
            System.out.printf(Locale.ROOT, "| hop latency along a chain | %s | %d tasks | – | %s | %s %.3f ms | %.1fx |%n",
                    label(mode), chain, figure, mode == Stack.Mode.HTTP_SQLITE ? "GET /state round trip p50"
                            : "one acknowledged store CAS p50", floorMs, ms(pct(hops, 50)) / floorMs);
        }
    }

    private static void idle(int seconds, String pgUrl) throws Exception {
        AtomicLong calls = new AtomicLong();
        Store counted = counting(Stores.open(StoreConfig.of("jdbc:sqlite:" + java.nio.file.Files.createTempDirectory(
                "ppacer-idle").resolve("idle.db"))), calls);
        try (Stack st = new Stack(Stack.Mode.EMBEDDED_SQLITE, LoadDags.registry(1, 1, 100), 1, 1, pgUrl, counted)) {
            pause(2000); // let startup (sync, recovery, first computations) finish
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long calls0 = calls.get();
            long t0 = System.nanoTime();
            pause(seconds * 1000L);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuPct = (os.getProcessCpuTime() - cpu0) / 1e9 / wall * 100;
            double qps = (calls.get() - calls0) / wall;
            System.out.printf(Locale.ROOT, "| idle, %d scheduled DAGs, nothing due | embedded SQLite + worker | %d s |"
                    + " – | %.2f%% of a core, %.2f store calls/s | target ≤ 1%%, 0 calls/s | – |%n",
                    st.scheduler.registry().size() - 3, seconds, cpuPct, qps);
        }
    }

    /**
     * {@code n} sensors deferred for an hour (one DAG of {@code n} tasks that each defer themselves): once
     * all wait, the scheduler's CPU and store calls per second over the window. Nothing is due, so the
     * target is idle-like: ≤ 1% of a core and 0 store calls/s (no polling of deferrals).
     */
    private static void deferred(int n, int seconds, String pgUrl) throws Exception {
        AtomicLong calls = new AtomicLong();
        Store counted = counting(Stores.open(StoreConfig.of("jdbc:sqlite:" + java.nio.file.Files.createTempDirectory(
                "ppacer-deferred").resolve("deferred.db"))), calls);
        List<ppacer.api.Node> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(ppacer.api.Node.of(ppacer.api.Task.of("wait" + i,
                    ctx -> ctx.pokeAgainIn(Duration.ofHours(1), "load harness: waiting"))));
        }
        ppacer.api.Dag dag = ppacer.api.Dag.builder("deferred").maxActiveTasks(Math.max(1, Math.min(n, 4096)))
                .root(tasks.getFirst(), tasks.subList(1, tasks.size()).toArray(ppacer.api.Node[]::new)).build();
        try (Stack st = new Stack(Stack.Mode.EMBEDDED_SQLITE, ppacer.api.DagRegistry.of(dag), 1, 1, pgUrl, counted)) {
            long t00 = System.nanoTime();
            st.scheduler.trigger("deferred", "{}");
            await(Duration.ofMinutes(10), () -> st.store.attempts().countByStatus()
                    .getOrDefault(ppacer.api.TaskStatus.DEFERRED, 0L) == n, () -> "deferring " + n + " attempts");
            double deferIn = (System.nanoTime() - t00) / 1e9;
            pause(2000); // let the last reports and hand-outs settle
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long calls0 = calls.get();
            long t0 = System.nanoTime();
            pause(seconds * 1000L);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuPct = (os.getProcessCpuTime() - cpu0) / 1e9 / wall * 100;
            double qps = (calls.get() - calls0) / wall;
            System.out.printf(Locale.ROOT, "| deferred, %d attempts waiting, nothing due | embedded SQLite + worker | %d s |"
                    + " deferred in %.1f s | %.2f%% of a core, %.2f store calls/s | target ≤ 1%%, 0 calls/s | – |%n",
                    n, seconds, deferIn, cpuPct, qps);
        }
    }

    /** The same writes per task as the scheduler needs at least, straight to the store from 64 threads. */
    private static double storeFloor(Store store, int tasks) throws InterruptedException {
        long runId = store.dagRuns().insert(new NewDagRun(LoadDags.ONE, Instant.parse("1999-01-01T00:00:00Z")
                .plusNanos(System.nanoTime() % 1_000_000_000L), DagRunStatus.RUNNING, "{}",
                ScheduleEventType.MANUALLY_TRIGGERED, tasks, Instant.now()));
        int threads = 64;
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofVirtual().start(() -> {
                long i;
                while ((i = next.getAndIncrement()) < tasks) {
                    AttemptKey k = new AttemptKey(runId, "floor" + i, 0);
                    Instant now = Instant.now();
                    store.attempts().insert(List.of(new NewAttempt(k, TaskStatus.SCHEDULED, now)));
                    store.attempts().transition(AttemptTransition.of(k, TaskStatus.SCHEDULED, TaskStatus.RUNNING, now));
                    store.attempts().transition(AttemptTransition.of(k, TaskStatus.RUNNING, TaskStatus.SUCCESS, now));
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        return tasks / ((System.nanoTime() - t0) / 1e9);
    }

    private static double hopFloorMs(Stack st) {
        long[] samples = new long[200];
        Optional<SchedulerClient> client = st.client();
        long runId = st.store.dagRuns().insert(new NewDagRun(LoadDags.ONE, Instant.parse("1998-01-01T00:00:00Z"),
                DagRunStatus.RUNNING, "{}", ScheduleEventType.MANUALLY_TRIGGERED, 1, Instant.now()));
        AttemptKey key = new AttemptKey(runId, "floor", 0);
        st.store.attempts().insert(List.of(new NewAttempt(key, TaskStatus.RUNNING, Instant.now())));
        for (int i = 0; i < samples.length; i++) {
            long t0 = System.nanoTime();
            if (client.isPresent()) {
                client.get().state();
            } else {
                // a lease extension: one real acknowledged compare-and-set write
                st.store.attempts().transition(AttemptTransition.of(key, TaskStatus.RUNNING, TaskStatus.RUNNING, Instant.now()));
            }
            samples[i] = System.nanoTime() - t0;
        }
        Arrays.sort(samples);
        return ms(pct(samples, 50));
    }

    private static Store counting(Store store, AtomicLong calls) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
            Object sub;
            try {
                sub = m.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (sub != null && m.getReturnType().isInterface() && m.getParameterCount() == 0
                    && m.getReturnType().getPackageName().equals("ppacer.api.spi")) {
                Object delegate = sub;
                return Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {m.getReturnType()},
                        (p2, m2, args2) -> {
                            calls.incrementAndGet();
                            try {
                                return m2.invoke(delegate, args2);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
            return sub;
        });
    }

    private static void row(String scenario, Stack.Mode mode, String amount, double seconds, double rate, String unit,
                            double floor) {
        row(scenario, mode, amount, seconds, rate, unit, "store floor", floor);
    }

    private static void row(String scenario, Stack.Mode mode, String amount, double seconds, double rate, String unit,
                            String baseline, double floor) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f s | %,.0f %s | %s %,.0f %s | %.2fx |%n", scenario,
                label(mode), amount, seconds, rate, unit, baseline, floor, unit, rate / floor);
    }

    private static String label(Stack.Mode mode) {
        return switch (mode) {
            case EMBEDDED_SQLITE -> "embedded executor, SQLite";
            case HTTP_SQLITE -> "2 executor processes over HTTP, SQLite";
            case EMBEDDED_POSTGRES -> "embedded executor, PostgreSQL";
            case EMBEDDED_MYSQL -> "embedded executor, MariaDB";
        };
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis); // the harness measures over wall-clock windows; no test waits on this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(Duration timeout, BooleanSupplier done, java.util.function.Supplier<String> state) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + timeout + ": " + state.get());
            }
            pause(10);
        }
    }

    private static int intArg(List<String> a, String name, int fallback) {
        int i = a.indexOf(name);
        return i < 0 ? fallback : Integer.parseInt(a.get(i + 1));
    }

    private static String stringArg(List<String> a, String name, String fallback) {
        int i = a.indexOf(name);
        return i < 0 ? fallback : a.get(i + 1);
    }
}
