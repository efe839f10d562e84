package ppacer.server.http;

import java.math.BigDecimal;
import java.time.Duration;

import java.util.LinkedHashMap;
import java.util.Map;


import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerStats;

import ppacer.scheduler.model.WorkCounts;

/**
 * The scheduler's Prometheus meters: queue and running gauges; what the core has done
 * ({@link ppacer.scheduler.model.WorkCounts}: hand-outs, reports, attempt transitions, runs started and
 * finished, counted by the core whichever executor did the work, over HTTP or in-process) and alerts,
 * as counters named {@code *_total}; runs and attempts by status in the store, cached for
 * {@link ppacer.server.ServerConfig#metricsRefresh()} (see {@link StoreCounts}); and histograms of
 * the scheduling hop latency (attempt ready → handed out) and of task durations (handed out →
 * reported), recorded by the core for every executor.
 */
final class ApiMetrics {

    private final Scheduler scheduler;
    private final PrometheusText registry = new PrometheusText();

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
        registry.counter("ppacer_retention_deleted_total", "Rows deleted by retention and cleans on demand, by table",
                "table", () -> scheduler.retentionStats().deleted());
        registry.counter("ppacer_retention_batches_total", "Transactions of retention and cleans on demand",
                () -> scheduler.retentionStats().batches());
        registry.counter("ppacer_retention_cleans_total", "Cleans finished (timer and on demand, dry runs excepted)",
                () -> scheduler.retentionStats().cleans());
        registry.counter("ppacer_alerts_sent_total", "Alerts delivered", () -> stats().alertsSent());
        registry.counter("ppacer_alerts_dropped_total", "Alerts dropped because the notification queue was full",
                () -> stats().alertsDropped());
        registry.gauge("ppacer_executors", "Executors in touch with this scheduler by state (polling, active, gone after "
                + ppacer.scheduler.model.ExecutorPresence.GONE_AFTER_SECONDS + " s without contact)", "state",
                scheduler::executorCounts);
        registry.gauge("ppacer_pool_slots", "Slots of each pool on the leader, used (held by attempts handed out) "
                + "and free", "pool", "state", this::poolSlots);
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
        registry.histogram("ppacer_hop_latency_seconds",
                "Time from a task attempt becoming ready (parents done) to its hand-out, to any executor",
                () -> stats().hopLatency());
        registry.histogram("ppacer_task_duration_seconds",
                "Time from hand-out to the accepted report, per attempt run by any executor", () -> stats().taskDuration());
    }

    /** @return pool → used and free slots, from the leader's memory; nothing on a standby (no store read per scrape) */
    private Map<String, Map<String, Number>> poolSlots() {
        if (!scheduler.leaderStatus().leader()) {
            return Map.of();
        }
        Map<String, Map<String, Number>> out = new java.util.TreeMap<>();
        for (ppacer.scheduler.model.PoolUsage u : scheduler.pools()) {
            Map<String, Number> states = new java.util.LinkedHashMap<>();
            states.put("used", u.used());
            states.put("free", u.free());
            out.put(u.name(), states);
        }
        return out;
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

    String render() {
        return registry.render();
    }

    /**
     * Adds the authentication meters.
     *
     * @param limiter counts failed authentications and refusals
     */
    void authentication(AuthLimiter limiter) {
        registry.counter("ppacer_api_auth_failures_total", "Requests refused 401: API key missing where needed, wrong "
                + "or revoked", "reason", limiter::failures);
        registry.counter("ppacer_api_auth_rate_limited_total", "Requests refused 429 after too many failed "
                + "authentications from their address within a minute", limiter::limited);
    }
}
