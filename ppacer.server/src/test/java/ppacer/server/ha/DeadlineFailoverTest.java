package ppacer.server.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import ppacer.api.Alert;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Deadline;
import ppacer.api.Node;
import ppacer.api.Notifier;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.scheduler.HaConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.PgTestSchema;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;

/**
 * A missed deadline is alerted once across a failover on PostgreSQL: the leader alerts and claims it;
 * the scheduler that takes over recovers the run, finds the claim and stays silent, then alerts the
 * run's own deadline, which comes due later, once. The standby, while it stands by, alerts nothing.
 */
class DeadlineFailoverTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    private static Dag sla() {
        return Dag.builder("sla").deadline(Deadline.afterLogicalTime(Duration.ofMinutes(10)))
                .root(Node.of(Task.of("t", ctx -> { }), TaskConfig.builder()
                        .deadline(Deadline.afterLogicalTime(Duration.ofMinutes(5))).build())).build();
    }

    private Scheduler start(String url, String node, List<Alert> alerts) {
        Notifier n = alerts::add;
        return Scheduler.start(SchedulerConfig.builder(DagRegistry.of(sla())).storeUrl(url).clock(clock)
                .notifiers(List.of(n)).stopTimeout(Duration.ofSeconds(2))
                .ha(HaConfig.defaults().withNodeId(node)).build());
    }

    private static List<Alert> deadlines(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.kind() == Alert.Kind.DEADLINE_MISSED).toList();
    }

    @Test
    void a_missed_deadline_is_alerted_once_across_a_failover() {
        PgTestSchema pg = PgTestSchema.create("ppacer_sla_");
        String url = pg.url();
        List<Alert> onA = new CopyOnWriteArrayList<>();
        List<Alert> onB = new CopyOnWriteArrayList<>();
        try {
            Scheduler a = start(url, "node-a", onA);
            try (Scheduler b = start(url, "node-b", onB)) {
                try {
                    assertEquals(true, a.leaderStatus().leader(), "node-a started first and leads");
                    long run = a.trigger("sla", "{}", T0);
                    clock.advance(Duration.ofMinutes(5));
                    a.wakeUp();
                    b.wakeUp();
                    Await.until(Duration.ofSeconds(60), () -> deadlines(onA).size() == 1, () -> "node-a alerts the task: " + onA);
                    assertEquals("t", deadlines(onA).getFirst().taskId());
                    assertEquals(List.of(), deadlines(onB), "a standby alerts nothing");
                } finally {
                    a.close(); // gives up the lease: node-b takes over and recovers the run
                }
                Await.until(Duration.ofSeconds(60), () -> b.leaderStatus().leader(), () -> "node-b takes over");
                clock.advance(Duration.ofMinutes(5));
                b.wakeUp();
                Await.until(Duration.ofSeconds(60), () -> deadlines(onB).size() == 1, () -> "node-b alerts the run: " + onB);
                assertEquals("", deadlines(onB).getFirst().taskId(), "the run's own deadline; the task's was claimed by node-a");
                assertEquals(1, deadlines(onA).size());
                assertEquals(2, b.missedDeadlines(deadlines(onB).getFirst().runId()).size());
            }
        } finally {
            pg.close();
        }
    }
}
