package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TriggerRule;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.ScheduleEventType;
import ppacer.scheduler.model.RunWhy;
import ppacer.scheduler.model.Why;
import ppacer.testkit.MutableClock;

/** The explainer without a leader's core: a standby names the leader for every unfinished task. */
class ExplainerTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static DagRunRecord running(String dagId, long runId) {
        return new DagRunRecord(runId, dagId, NOW, DagRunStatus.RUNNING, "{}", ScheduleEventType.OUT_OF_BAND, 1, 0, NOW,
                Optional.of(NOW), Optional.empty(), NOW);
    }

    @Test
    void a_standby_answers_not_leader_naming_the_leader_and_its_url() {
        Dag dag = Dag.builder("d").root(Node.of(Task.of("t", ctx -> { }))).build();
        DagRunRecord run = running(dag.id(), 7);
        Explainer standby = new Explainer(null, new Explainer.Standby("node-b", Optional.of("node-a"),
                Optional.of("http://a:8080")), new ExecutorContact(new MutableClock(NOW)), NOW);
        Why w = standby.task(dag, run, dag.task("t").orElseThrow(), List.of(), false);
        assertEquals(Why.Kind.NOT_LEADER, w.kind());
        assertEquals("node-a", w.details().get("leaderId"));
        assertEquals("http://a:8080", w.details().get("leaderUrl"));
        assertEquals("this scheduler (node-b) is a standby: only the leader decides and hands out tasks; the leader is"
                + " node-a at http://a:8080 (ask it: ppacer --scheduler http://a:8080 why ...)", w.message());
        RunWhy r = standby.run(dag, run, List.of(), false);
        assertEquals(List.of(Why.Kind.NOT_LEADER), r.run().stream().map(Why::kind).toList());
        assertEquals(Why.Kind.NOT_LEADER, r.tasks().get("t").kind());
    }

    @Test
    void every_rule_says_what_it_needs() {
        for (TriggerRule rule : TriggerRule.values()) {
            assertEquals(false, Explainer.needs(rule).isBlank(), rule.name());
        }
        assertEquals("every parent to succeed or be skipped, one of them succeeded",
                Explainer.needs(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS));
        assertEquals(DagRunStatus.RUNNING, running("d", 1).status());
    }
}
