package ppacer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Alert;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Deadline;
import ppacer.api.Node;
import ppacer.api.Notifier;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.spi.MissedDeadline;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;

/**
 * Deadlines on the scheduler's timer with a fake clock: a missed one alerts once with the
 * explainer's answer, flags the run and lets it go on; a met one says nothing; a restart on the
 * same SQLite file does not alert again.
 */
class DeadlineTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private final Notifier recording = alerts::add;

    private static Dag sla() {
        return Dag.builder("sla").deadline(Deadline.afterLogicalTime(Duration.ofMinutes(10)))
                .root(Node.of(Task.of("t", ctx -> { }), TaskConfig.builder()
                        .deadline(Deadline.afterLogicalTime(Duration.ofMinutes(5))).build())).build();
    }

    private Scheduler start(Dag dag) {
        return Scheduler.start(SchedulerConfig.builder(DagRegistry.of(dag)).clock(clock).leaseDuration(Duration.ofHours(1))
                .storeUrl("jdbc:sqlite:" + dir.resolve("d.db")).notifiers(List.of(recording))
                .stopTimeout(Duration.ofSeconds(2)).build());
    }

    private List<Alert> deadlineAlerts() {
        return alerts.stream().filter(a -> a.kind() == Alert.Kind.DEADLINE_MISSED).toList();
    }

    private void advance(Scheduler s, Duration d) {
        clock.advance(d);
        s.wakeUp();
    }

    @Test
    void a_missed_deadline_alerts_once_with_why_flags_the_run_and_a_restart_does_not_alert_again() {
        long run;
        try (Scheduler s = start(sla())) {
            run = s.trigger("sla", "{}", T0);
            advance(s, Duration.ofMinutes(4));
            advance(s, Duration.ofMinutes(1)); // the task's deadline: logical time + 5 min
            Await.until(Duration.ofSeconds(60), () -> deadlineAlerts().size() == 1, () -> "the task's alert: " + alerts);
            Alert a = deadlineAlerts().getFirst();
            assertEquals("t", a.taskId());
            assertEquals(run, a.runId());
            assertEquals(0, a.attempt());
            assertEquals(Optional.of("QUEUED_NO_EXECUTOR: no executor has polled for 300 s: task 't' waits until one does"
                    + " (start one with `ppacer executor --scheduler URL`, or use `ppacer run`, which has its own)"), a.why());
            assertTrue(a.message().startsWith("Task [t] in DAG [sla] (run " + run + ") at "), a.message());
            assertTrue(a.message().contains("missed its deadline: due ") && a.message().contains("(logical time + PT5M); it goes on."),
                    a.message());
            assertEquals(List.of(new MissedDeadline(run, Optional.of("t"), T0.plus(Duration.ofMinutes(5)),
                    T0.plus(Duration.ofMinutes(5)))), s.missedDeadlines(run));
        }
        clock.advance(Duration.ofMinutes(6)); // down past the run's deadline too
        try (Scheduler s = start(sla())) {
            Await.until(Duration.ofSeconds(60), () -> deadlineAlerts().size() == 2, () -> "the run's alert: " + alerts);
            Alert a = deadlineAlerts().get(1);
            assertEquals("", a.taskId(), "the run's own deadline (the task's, due earlier, was checked first)");
            assertEquals(-1, a.attempt());
            assertTrue(a.why().orElseThrow().startsWith("t: QUEUED"), a.why().orElseThrow());
            assertEquals(2, s.missedDeadlines(run).size());
            assertEquals(Optional.empty(), s.missedDeadlines(run).getFirst().taskId(), "the run's own first");

            TaskLease l = s.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            s.report(l.key(), l.token(), TaskOutcome.success());
            Await.until(Duration.ofSeconds(60), () -> s.store().dagRuns().find(run).orElseThrow().status()
                    == DagRunStatus.SUCCESS, () -> "the run goes on and succeeds");
            advance(s, Duration.ofHours(1));
            long later = s.trigger("sla", "{}", clock.instant());
            advance(s, Duration.ofMinutes(5));
            Await.until(Duration.ofSeconds(60), () -> deadlineAlerts().size() == 3, () -> "a later run's alert: " + alerts);
            assertEquals(later, deadlineAlerts().get(2).runId());
            assertEquals(3, deadlineAlerts().size(), "one alert per missed deadline, none again after the restart");
        }
    }

    @Test
    void a_met_deadline_says_nothing() {
        try (Scheduler s = start(sla())) {
            long met = s.trigger("sla", "{}", T0);
            advance(s, Duration.ofMinutes(4));
            TaskLease l = s.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            s.report(l.key(), l.token(), TaskOutcome.success());
            Await.until(Duration.ofSeconds(60), () -> s.store().dagRuns().find(met).orElseThrow().status()
                    == DagRunStatus.SUCCESS, () -> "the run succeeds in 4 min");
            long missed = s.trigger("sla", "{}", T0.plusSeconds(1)); // due after the first run's deadlines
            advance(s, Duration.ofMinutes(20));
            Await.until(Duration.ofSeconds(60), () -> deadlineAlerts().size() == 2, () -> "the second run's alerts: " + alerts);
            assertEquals(List.of(missed, missed), deadlineAlerts().stream().map(Alert::runId).toList(),
                    "the first run met both deadlines: no alert");
            assertEquals(List.of(), s.missedDeadlines(met));
        }
    }

    @Test
    void a_run_queued_behind_another_is_alerted_with_why_it_never_started() {
        Dag one = Dag.builder("one").maxActiveRuns(1).deadline(Deadline.afterLogicalTime(Duration.ofMinutes(10)))
                .root(Node.of(Task.of("t", ctx -> { }))).build();
        try (Scheduler s = start(one)) {
            long first = s.trigger("one", "{}", T0);
            long queued = s.trigger("one", "{}", T0.plusSeconds(1));
            Await.until(Duration.ofSeconds(60), () -> s.store().dagRuns().find(first).orElseThrow().status()
                    == DagRunStatus.RUNNING, () -> "the first run starts");
            advance(s, Duration.ofMinutes(11));
            Await.until(Duration.ofSeconds(60), () -> deadlineAlerts().size() == 2, () -> "both runs' alerts: " + alerts);
            Alert a = deadlineAlerts().get(1);
            assertEquals(queued, a.runId());
            assertEquals("MAX_ACTIVE_RUNS: one has 1/1 active runs: the run is queued behind run " + first, a.why().orElseThrow()
                    .lines().findFirst().orElseThrow());
            assertEquals(DagRunStatus.QUEUED, s.store().dagRuns().find(queued).orElseThrow().status(), "nothing is stopped");
        }
    }

    @Test
    void a_task_deadline_from_its_start_counts_from_its_first_hand_out() {
        Dag slow = Dag.builder("slow").root(Node.of(Task.of("t", ctx -> { }), TaskConfig.builder()
                .deadline(Deadline.afterStart(Duration.ofMinutes(5))).build())).build();
        try (Scheduler s = start(slow)) {
            long run = s.trigger("slow", "{}", T0);
            advance(s, Duration.ofMinutes(10)); // not started: nothing is due
            TaskLease l = s.nextTask("e1", Duration.ofSeconds(60)).orElseThrow();
            advance(s, Duration.ofMinutes(4));
            advance(s, Duration.ofMinutes(1));
            Await.until(Duration.ofSeconds(60), () -> deadlineAlerts().size() == 1, () -> "the task's alert: " + alerts);
            Alert a = deadlineAlerts().getFirst();
            assertEquals(List.of(new MissedDeadline(run, Optional.of("t"), T0.plus(Duration.ofMinutes(15)),
                    T0.plus(Duration.ofMinutes(15)))), s.missedDeadlines(run), "due 5 min after its hand-out at 10 min");
            assertTrue(a.why().orElseThrow().startsWith("RUNNING: task 't' runs on e1 since " + T0.plus(Duration.ofMinutes(10))),
                    a.why().orElseThrow());
            s.report(l.key(), l.token(), TaskOutcome.success());
            Await.until(Duration.ofSeconds(60), () -> s.store().dagRuns().find(run).orElseThrow().status()
                    == DagRunStatus.SUCCESS, () -> "the run goes on and succeeds");
        }
    }
}
