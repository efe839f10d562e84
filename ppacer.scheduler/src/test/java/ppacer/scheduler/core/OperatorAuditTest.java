package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.TaskOutput;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.scheduler.model.Actor;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.InvalidStateException;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/**
 * The audit rows of the operator actions made of several writes (clear) or of an instance of a mapped
 * task (mark): one row per action whatever the number of writes, with the target's index; none when
 * the action is refused.
 */
class OperatorAuditTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private static List<AuditEntry> rows(CoreFixture f) {
        return f.store.audit().list(AuditQuery.all(100)).stream().map(AuditRecord::entry).toList();
    }

    /** a -> b -> c */
    private Dag chain() {
        Node a = Node.of(tasks.ok("a"));
        a.then(Node.of(tasks.ok("b"))).then(Node.of(tasks.ok("c")));
        return Dag.builder("chain").root(a).build();
    }

    @Test
    void a_clear_writes_one_row_whatever_it_cancels_and_inserts() {
        try (CoreFixture f = new CoreFixture(dir, T0, chain())) {
            long run = f.watcher.trigger(f.registry.find("chain").orElseThrow(), "{}", T0);
            // 'a' is SCHEDULED: the clear cancels it and inserts a new attempt, two writes, one row
            f.actions.clear(run, "a", true, new Actor("token:alice", Optional.of("10.0.0.7")));
            List<AuditEntry> rows = rows(f);
            assertEquals(1, rows.size(), rows.toString());
            AuditEntry e = rows.getFirst();
            assertEquals("task.clear", e.action());
            assertEquals("token:alice", e.actor());
            assertEquals(Optional.of("10.0.0.7"), e.address());
            assertEquals(Optional.of("chain"), e.target().dagId());
            assertEquals(OptionalLong.of(run), e.target().runId());
            assertEquals(Optional.of("a"), e.target().taskId());
            assertEquals(Optional.of("SCHEDULED"), e.before());
            assertEquals(Optional.of("cleared with 2 other task(s)"), e.after());

            new RunPlayer(f).play();
            f.actions.clear(run, "c", false); // a finished run: reopened, then a new attempt of 'c'
            assertEquals(2, rows(f).size());
            assertEquals("java", rows(f).getFirst().actor(), "a Java caller without an actor");
            assertEquals(Optional.of("SUCCESS"), rows(f).getFirst().before());
            assertEquals(Optional.of("cleared"), rows(f).getFirst().after());
        }
    }

    @Test
    void a_mark_of_a_mapped_instance_records_its_index_and_a_refused_mark_nothing() {
        Node extract = Node.of(tasks.ok("extract"));
        extract.then(Node.of(tasks.ok("load")).mapOver("extract"));
        try (CoreFixture f = new CoreFixture(dir, T0, Dag.builder("etl").root(extract).build())) {
            long run = f.watcher.trigger(f.registry.find("etl").orElseThrow(), "{}", T0);
            new RunPlayer(f).on("extract", TaskOutcome.success(Optional.empty(), Optional.of(TaskOutput.json("[1,2,3]"))))
                    .play();
            f.actions.mark(run, "load[1]", TaskStatus.FAILED, Actor.named("ops"));
            List<AuditEntry> rows = rows(f);
            assertEquals(1, rows.size(), rows.toString());
            assertEquals(Optional.of("load[1]"), rows.getFirst().target().taskId());
            assertEquals(OptionalInt.of(1), rows.getFirst().target().index());
            assertEquals(Optional.of("SUCCESS"), rows.getFirst().before());
            assertEquals(Optional.of("FAILED"), rows.getFirst().after());

            assertThrows(InvalidStateException.class, () -> f.actions.mark(run, "load[1]", TaskStatus.FAILED, Actor.named("ops")));
            assertEquals(1, rows(f).size(), "a refused mark writes no row");
        }
    }

    @Test
    void an_actor_name_the_log_cannot_store_is_refused_before_anything_changes() {
        assertThrows(InvalidInputException.class, () -> Actor.named("x".repeat(Actor.MAX_LENGTH + 1)));
        assertThrows(InvalidInputException.class, () -> Actor.named(" "));
        assertEquals("x".repeat(Actor.MAX_LENGTH), Actor.named("x".repeat(Actor.MAX_LENGTH)).name());
    }
}
