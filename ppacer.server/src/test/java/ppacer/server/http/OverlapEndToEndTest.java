package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.OverlapPolicy;
import ppacer.api.Task;
import ppacer.api.TaskCancelledException;
import ppacer.api.TaskStatus;
import ppacer.api.concurrent.Backoff;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;

/**
 * CANCEL_OTHER through the whole system: a real scheduler (SQLite file, injected clock) behind a real
 * server and an executor over HTTP running a task that works until it is told to stop. When the next
 * point comes due, the running run is cancelled, the executor learns it from its next heartbeat and
 * the task is told to stop ({@link ppacer.api.TaskContext#isCancelled()}, its thread interrupted), and
 * the new run starts.
 */
class OverlapEndToEndTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private final Set<Long> started = ConcurrentHashMap.newKeySet();
    private final Set<Long> stopped = ConcurrentHashMap.newKeySet();

    private Dag dag() {
        Task work = Task.of("work", ctx -> {
            started.add(ctx.runId());
            try {
                while (true) {
                    ctx.checkCancelled();
                    Thread.sleep(10);
                }
            } catch (TaskCancelledException | InterruptedException e) { // the executor sets the flag, then interrupts
                if (ctx.isCancelled()) {
                    stopped.add(ctx.runId());
                }
                throw e;
            }
        });
        return Dag.builder("busy").schedule(Schedule.every(Duration.ofSeconds(5), T0)).catchUp(true)
                .overlap(OverlapPolicy.CANCEL_OTHER).root(Node.of(work)).build();
    }

    private static List<DagRunRecord> runs(ApiHarness api) {
        return api.scheduler.store().dagRuns().recent(Optional.of("busy"), Optional.empty(), 100).reversed().stream()
                .map(s -> s.run()).toList();
    }

    @Test
    void the_running_run_is_cancelled_its_task_stops_and_the_new_run_starts() {
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(dag()), clock)) {
            Executor executor = Executor.create(api.scheduler.registry(), SchedulerLink.http(SchedulerClient.create(
                    api.server.uri(), Optional.empty(), Duration.ofSeconds(10))), ExecutorConfig.builder()
                    .executorId("e1").longPollWait(Duration.ofMillis(200)).heartbeatInterval(Duration.ofMillis(50))
                    .backoff(() -> Backoff.fixed(Duration.ofMillis(50))).build()).start();
            try {
                Await.until(Duration.ofSeconds(60), () -> started.size() == 1, () -> "the first run's task starts");
                long first = started.iterator().next();
                clock.advance(Duration.ofSeconds(5)); // 10:00:05 is due; the lease (10 s on this clock) still holds
                api.scheduler.wakeUp();
                Await.until(Duration.ofSeconds(60), () -> stopped.contains(first),
                        () -> "the cancelled task stops; runs: " + runs(api));
                Await.until(Duration.ofSeconds(60), () -> started.size() == 2, () -> "the second run's task starts");
                List<DagRunRecord> runs = runs(api);
                assertEquals(List.of(DagRunStatus.FAILED, DagRunStatus.RUNNING), runs.stream().map(DagRunRecord::status).toList());
                assertEquals(first, runs.getFirst().runId());
                assertEquals(T0.plusSeconds(5), runs.get(1).logicalTime());
                TaskAttemptRecord cancelled = api.scheduler.store().attempts().latest(first).getFirst();
                assertEquals(TaskStatus.FAILED, cancelled.status());
                assertEquals(Optional.of("cancelled by overlap policy"), cancelled.error());
                assertEquals(1, api.scheduler.store().attempts().attempts(first, "work").size(),
                        "the stopped task's report did not add or change an attempt");
                List<ScheduleEventType> events = api.scheduler.store().scheduleEvents().recent("busy", 10).reversed()
                        .stream().map(ScheduleEvent::type).toList();
                assertEquals(List.of(ScheduleEventType.REGULAR, ScheduleEventType.OVERLAP_CANCELLED, ScheduleEventType.REGULAR),
                        events);
                assertTrue(runs.get(1).runId() > first);
            } finally {
                executor.close(Duration.ZERO); // the second run's task works until cancelled: do not wait for it
            }
        }
    }
}
