package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Alert;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.DagRunRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.SchedulerState;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.scheduler.model.UnknownIdException;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;
import ppacer.testkit.Tasks;

class LifecycleTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private SchedulerConfig.Builder config(Dag... dags) {
        return SchedulerConfig.builder(DagRegistry.of(dags)).storeUrl("jdbc:sqlite:" + dir.resolve("x.db"));
    }

    @Test
    void graceful_stop_stops_handing_out_and_waits_for_running_attempts() {
        Scheduler s = Scheduler.start(config(Dag.builder("d").root(Node.of(tasks.ok("a"))).build()).build());
        assertEquals(SchedulerState.RUNNING, s.state());
        long run = s.trigger("d", "{}");
        TaskLease lease = s.nextTask("manual", Duration.ofSeconds(5)).orElseThrow();
        Thread reporter = Thread.ofVirtual().start(() -> {
            Await.until(Duration.ofSeconds(5), () -> s.state() == SchedulerState.STOPPING, s::toString);
            assertTrue(s.report(lease.key(), lease.token(), TaskOutcome.success()).accepted(), "reports still count while stopping");
        });
        assertTrue(s.stop(Duration.ofSeconds(10)), "the running attempt reported within the timeout");
        assertEquals(SchedulerState.STOPPED, s.state());
        assertEquals(Optional.empty(), s.nextTask("manual", Duration.ofMillis(10)));
        assertEquals(ReportResult.Status.STOPPED, s.report(lease.key(), lease.token(), TaskOutcome.success()).status());
        assertThrows(InvalidStateException.class, () -> s.trigger("d", "{}"));
        Await.until(Duration.ofSeconds(5), () -> !reporter.isAlive(), () -> "reporter");
        try (Scheduler again = Scheduler.start(config(Dag.builder("d").root(Node.of(tasks.ok("a"))).build()).build())) {
            assertEquals(DagRunStatus.SUCCESS, again.store().dagRuns().find(run).map(DagRunRecord::status).orElseThrow());
        }
    }

    @Test
    void pause_is_persisted_and_a_paused_dag_gets_runs_after_unpause() {
        MutableClock clock = new MutableClock(T0);
        Dag d = Dag.builder("d").schedule(Schedule.every(Duration.ofMinutes(10), T0.plusSeconds(60))).root(Node.of(tasks.ok("a")))
                .build();
        try (Scheduler s = Scheduler.start(config(d).clock(clock).build())) {
            s.pause("d");
            assertTrue(s.isPaused("d"));
            assertThrows(UnknownIdException.class, () -> s.pause("ghost"));
        }
        try (Scheduler s = Scheduler.start(config(d).clock(clock).build())) {
            assertTrue(s.isPaused("d"), "persisted across restarts");
            clock.set(T0.plusSeconds(120));
            s.wakeUp();
            long queued = s.trigger("d", "{}");
            assertEquals(DagRunStatus.QUEUED, s.store().dagRuns().find(queued).orElseThrow().status(), "paused: runs wait");
            assertFalse(s.store().dagRuns().latest("d").isEmpty());
            s.unpause("d");
            Await.until(Duration.ofSeconds(60), () -> s.store().dagRuns().find(queued).orElseThrow().status() != DagRunStatus.QUEUED
                    && s.store().dagRuns().find("d", T0.plusSeconds(60)).isPresent(), s::toString);
        }
    }

    @Test
    void a_final_failure_alerts_the_configured_notifier() {
        Queue<Alert> alerts = new ConcurrentLinkedQueue<>();
        Dag d = Dag.builder("d").root(Node.of(tasks.failing("bad", 9), TaskConfig.builder().retries(1).alertOnRetry(true).build()))
                .build();
        try (Scheduler s = Scheduler.start(config(d).notifiers(java.util.List.of(alerts::add)).build());
             InProcessWorker w = InProcessWorker.start(s, WorkerConfig.defaults().withPollTimeout(Duration.ofMillis(100)))) {
            s.trigger("d", "{}");
            Await.until(Duration.ofSeconds(20), () -> alerts.size() == 2, alerts::toString);
            assertEquals(java.util.List.of(Alert.Kind.RETRY, Alert.Kind.FAILURE), alerts.stream().map(Alert::kind).toList());
            assertTrue(alerts.stream().allMatch(a -> a.message().startsWith("Task [bad] in DAG [d] at ")));
            assertTrue(w.completed() >= 2);
        }
    }
}
