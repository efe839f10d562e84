package ppacer.server.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ppacer.api.spi.AttemptKey;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerStats;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.WorkCounts;

/**
 * The scheduler's Prometheus meters: queue and running gauges; what the core has done
 * ({@link ppacer.scheduler.model.WorkCounts}: hand-outs, reports, attempt transitions, runs started and
 * finished, counted by the core whichever executor did the work, over HTTP or in-process) and alerts,
 * as counters named {@code *_total}; runs and attempts by status in the store, cached for
 * {@link ppacer.server.ServerConfig#metricsRefresh()} (see {@link StoreCounts}); and histograms of
 * the scheduling hop latency (attempt ready → handed out) and of task durations (handed out →
 * reported), observed for executors over HTTP.
 */
final class ApiMetrics {
    private static final double[] LATENCY_BOUNDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
    private static final double[] DURATION_BOUNDS = {0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600};
    private static final int MAX_TRACKED = 200_000;

    private final Scheduler scheduler;
    private final PrometheusText registry = new PrometheusText();
    private final PrometheusText.Histogram hop;
    private final PrometheusText.Histogram duration;
    private final ConcurrentHashMap<AttemptKey, Instant> started = new ConcurrentHashMap<>();

    /**
     * @param scheduler the scheduler
     * @param storeRefresh how long runs and attempts by status read from the store are used
     */
    ApiMetrics(Scheduler scheduler, Duration storeRefresh) {
        this.scheduler = scheduler;
        StoreCounts store = new StoreCounts(scheduler.clock(), storeRefresh,
                () -> scheduler.store().dagRuns().countByStatus(), () -> scheduler.store().attempts().countByStatus());
        registry.gauge("ppacer_task_queue_length", "Task attempts queued (ready or waiting for a retry delay)",
                () -> stats().queuedTasks());
        registry.gauge("ppacer_running_attempts", "Task attempts handed out and not yet reported",
                () -> stats().runningTasks());
        registry.gauge("ppacer_active_runs", "DAG runs being executed", () -> stats().activeRuns());
        registry.gauge("ppacer_queued_runs", "DAG runs waiting for a slot or an unpause", () -> stats().queuedRuns());
        String every = " (read from the store at most every "
                + BigDecimal.valueOf(storeRefresh.toMillis(), 3).stripTrailingZeros().toPlainString() + " s)";
        registry.gauge("ppacer_dag_runs", "DAG runs in the store by status" + every, "status", store::runs);
        registry.gauge("ppacer_task_attempts", "Task attempts in the store by status" + every, "status", store::attempts);
        registry.counter("ppacer_alerts_sent_total", "Alerts delivered", () -> stats().alertsSent());
        registry.counter("ppacer_alerts_dropped_total", "Alerts dropped because the notification queue was full",
                () -> stats().alertsDropped());
        registry.gauge("ppacer_leader", "1 when this scheduler is the leader, 0 when it stands by",
                () -> scheduler.leaderStatus().leader() ? 1 : 0);
        registry.gauge("ppacer_leader_epoch", "Fencing epoch of this scheduler's lease, or of the last lease it saw",
                () -> scheduler.leaderStatus().epoch());
        registry.counter("ppacer_takeovers_total", "How often this scheduler became the leader",
                () -> scheduler.leaderStatus().takeovers());
        registry.counter("ppacer_attempts_handed_out_total", "Task attempts handed out, to any executor",
                () -> work().handedOut());
        registry.counter("ppacer_attempts_succeeded_total", "SUCCESS reports accepted", () -> work().succeeded());
        registry.counter("ppacer_attempts_failed_total", "Failure reports accepted, whether or not a retry follows",
                () -> work().failed());
        registry.counter("ppacer_attempts_retried_total", "Failure reports accepted that leave a retry (part of failed)",
                () -> work().retried());
        registry.counter("ppacer_attempts_expired_total", "Task attempts failed because their lease expired (executor lost)",
                () -> work().expired());
        registry.counter("ppacer_attempts_interrupted_total",
                "Task attempts of an in-process executor that ended with its process, cancelled at recovery and run again",
                () -> work().interrupted());
        registry.counter("ppacer_attempt_transitions_total", "Task attempt rows written into each status", "to",
                () -> byName(work().attemptTransitions()));
        registry.counter("ppacer_runs_started_total", "DAG runs started (moved to RUNNING)", () -> work().runsStarted());
        registry.counter("ppacer_runs_finished_total", "DAG runs finished, by final status", "status",
                () -> byName(work().runsFinished()));
        hop = registry.histogram("ppacer_hop_latency_seconds",
                "Time from a task attempt becoming ready (parents done) to its hand-out over HTTP", LATENCY_BOUNDS);
        duration = registry.histogram("ppacer_task_duration_seconds",
                "Time from hand-out to the accepted report, per attempt run by an executor over HTTP", DURATION_BOUNDS);
    }

    private SchedulerStats stats() {
        return scheduler.stats();
    }

    private WorkCounts work() {
        return scheduler.stats().work();
    }

    private static Map<String, Long> byName(Map<? extends Enum<?>, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.ordinal(), b.ordinal())))
                .forEach(e -> out.put(e.getKey().name(), e.getValue()));
        return out;
    }

    /** An attempt was handed out over HTTP: observes its hop latency (the count is the core's). */
    void handedOut(TaskLease lease) {
        hop.observe(seconds(Duration.between(lease.readyAt(), lease.handedOutAt())));
        if (started.size() > MAX_TRACKED) {
            started.clear(); // attempts whose executors vanished; their durations are simply not observed
        }
        started.put(lease.key(), lease.handedOutAt());
    }

    /** A report over HTTP was accepted: observes the attempt's duration (the count is the core's). */
    void reported(AttemptKey key) {
        Instant at = started.remove(key);
        if (at != null) {
            duration.observe(seconds(Duration.between(at, scheduler.clock().instant())));
        }
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    String render() {
        return registry.render();
    }
}
