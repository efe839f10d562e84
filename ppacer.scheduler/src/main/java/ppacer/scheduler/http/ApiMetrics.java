package ppacer.scheduler.http;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ppacer.api.spi.AttemptKey;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerStats;
import ppacer.scheduler.TaskLease;
import ppacer.scheduler.TaskOutcome;

/**
 * The scheduler's Prometheus meters: queue and running gauges, runs and attempts by status (read
 * from the store at scrape time), hand-out and report counters, and histograms of the scheduling
 * hop latency (attempt ready → handed out) and of task durations (handed out → reported).
 */
final class ApiMetrics {
    private static final double[] LATENCY_BOUNDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
    private static final double[] DURATION_BOUNDS = {0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600};
    private static final int MAX_TRACKED = 200_000;

    private final Scheduler scheduler;
    private final PrometheusText registry = new PrometheusText();
    private final PrometheusText.Counter handedOut;
    private final PrometheusText.Counter succeeded;
    private final PrometheusText.Counter failed;
    private final PrometheusText.Histogram hop;
    private final PrometheusText.Histogram duration;
    private final ConcurrentHashMap<AttemptKey, Instant> started = new ConcurrentHashMap<>();

    ApiMetrics(Scheduler scheduler) {
        this.scheduler = scheduler;
        registry.gauge("ppacer_task_queue_length", "Task attempts queued (ready or waiting for a retry delay)",
                () -> stats().queuedTasks());
        registry.gauge("ppacer_running_attempts", "Task attempts handed out and not yet reported",
                () -> stats().runningTasks());
        registry.gauge("ppacer_active_runs", "DAG runs being executed", () -> stats().activeRuns());
        registry.gauge("ppacer_queued_runs", "DAG runs waiting for a slot or an unpause", () -> stats().queuedRuns());
        registry.gauge("ppacer_dag_runs", "DAG runs in the store by status", "status",
                () -> byName(scheduler.store().dagRuns().countByStatus()));
        registry.gauge("ppacer_task_attempts", "Task attempts in the store by status", "status",
                () -> byName(scheduler.store().attempts().countByStatus()));
        registry.gauge("ppacer_alerts_sent", "Alerts delivered", () -> stats().alertsSent());
        registry.gauge("ppacer_alerts_dropped", "Alerts dropped because the notification queue was full",
                () -> stats().alertsDropped());
        registry.gauge("ppacer_leader", "1 when this scheduler is the leader, 0 when it stands by",
                () -> scheduler.leaderStatus().leader() ? 1 : 0);
        registry.gauge("ppacer_leader_epoch", "Fencing epoch of this scheduler's lease, or of the last lease it saw",
                () -> scheduler.leaderStatus().epoch());
        registry.counter("ppacer_takeovers_total", "How often this scheduler became the leader",
                () -> scheduler.leaderStatus().takeovers());
        handedOut = registry.counter("ppacer_attempts_handed_out_total", "Task attempts handed out over HTTP");
        succeeded = registry.counter("ppacer_attempts_succeeded_total", "SUCCESS reports accepted over HTTP");
        failed = registry.counter("ppacer_attempts_failed_total", "FAILED reports accepted over HTTP");
        hop = registry.histogram("ppacer_hop_latency_seconds",
                "Time from a task attempt becoming ready (parents done) to its hand-out", LATENCY_BOUNDS);
        duration = registry.histogram("ppacer_task_duration_seconds",
                "Time from hand-out to the accepted report, per attempt", DURATION_BOUNDS);
    }

    private SchedulerStats stats() {
        return scheduler.stats();
    }

    private static Map<String, Long> byName(Map<? extends Enum<?>, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    void handedOut(TaskLease lease) {
        handedOut.increment();
        hop.observe(seconds(Duration.between(lease.readyAt(), lease.handedOutAt())));
        if (started.size() > MAX_TRACKED) {
            started.clear(); // attempts whose executors vanished; their durations are simply not observed
        }
        started.put(lease.key(), lease.handedOutAt());
    }

    void reported(AttemptKey key, TaskOutcome outcome) {
        (outcome instanceof TaskOutcome.Failed ? failed : succeeded).increment();
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
