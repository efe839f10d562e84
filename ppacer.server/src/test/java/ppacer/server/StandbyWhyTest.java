package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.scheduler.HaConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.SchedulerState;
import ppacer.scheduler.model.RunWhy;
import ppacer.scheduler.model.Why;
import ppacer.testkit.Await;

/**
 * Issue 20's {@code NOT_LEADER} from a real standby node on PostgreSQL: two schedulers on one store, the
 * standby answers every task of a run with who leads and where (its advertised URL), the run as a whole
 * too; when the leader dies and the standby takes over, its answer becomes the task's real reason.
 */
class StandbyWhyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LEADER_URL = "http://node-a.example:8080";

    @Test
    void a_standby_says_not_leader_with_the_leaders_url_until_it_takes_over() {
        PgTestSchema pg = PgTestSchema.create("ppacer_standby_why_");
        Node extract = Node.of(Task.of("extract", ctx -> { }));
        extract.then(Node.of(Task.of("load", ctx -> { })));
        DagRegistry registry = DagRegistry.of(Dag.builder("etl").root(extract).build());
        HaConfig ha = HaConfig.defaults().withLease(Duration.ofSeconds(2), Duration.ofMillis(300));
        Scheduler leader = Scheduler.start(SchedulerConfig.builder(registry).storeUrl(pg.url())
                .ha(ha.withNodeId("node-a").withAdvertisedUrl(LEADER_URL)).stopTimeout(Duration.ofSeconds(2)).build());
        Scheduler standby = null;
        try {
            assertEquals(SchedulerState.RUNNING, leader.state());
            standby = Scheduler.start(SchedulerConfig.builder(registry).storeUrl(pg.url())
                    .ha(ha.withNodeId("node-b").withAdvertisedUrl("http://node-b.example:8080"))
                    .stopTimeout(Duration.ofSeconds(2)).build());
            assertEquals(SchedulerState.STANDBY, standby.state());
            long run = leader.trigger("etl", "{}");
            Await.until(WAIT, () -> leader.why(run, "extract").kind() == Why.Kind.QUEUED, () -> "" + leader.why(run, "extract"));

            Why w = standby.why(run, "extract");
            assertEquals(Why.Kind.NOT_LEADER, w.kind(), w.toString());
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("nodeId", "node-b");
            details.put("leaderId", "node-a");
            details.put("leaderUrl", LEADER_URL);
            assertEquals(details, w.details());
            assertEquals("this scheduler (node-b) is a standby: only the leader decides and hands out tasks; the leader is"
                    + " node-a at " + LEADER_URL + " (ask it: ppacer --scheduler " + LEADER_URL + " why ...)", w.message());
            RunWhy whole = standby.why(run, Optional.empty(), 0, 100);
            assertEquals(List.of(Why.Kind.NOT_LEADER), whole.run().stream().map(Why::kind).toList());
            assertEquals(Map.of(Why.Kind.NOT_LEADER, 2), whole.counts(), "both unfinished tasks, counted on the standby");
            assertEquals(List.of("extract", "load"), List.copyOf(whole.tasks().keySet()));

            Crash.abort(leader); // the leader dies holding the lease: node-b takes over when it expires
            Scheduler next = standby;
            Await.until(WAIT, () -> next.state() == SchedulerState.RUNNING, next::toString);
            Await.until(WAIT, () -> next.why(run, "extract").kind() == Why.Kind.QUEUED, () -> "" + next.why(run, "extract"));
            assertEquals(Why.Kind.WAITING_FOR_UPSTREAM, next.why(run, "load").kind());
            assertEquals(List.of(), next.why(run, Optional.empty(), 0, 100).run(), "the new leader decides: no run-level hold");
        } finally {
            if (standby != null) {
                standby.close();
            }
            pg.close();
        }
    }
}
