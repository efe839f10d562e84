package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.TaskStatus.FAILED;
import static ppacer.api.TaskStatus.RUNNING;
import static ppacer.api.TaskStatus.SCHEDULED;
import static ppacer.api.TaskStatus.SUCCESS;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskOutput;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.TaskAttemptStore;
import ppacer.api.spi.TaskExpansion;

/**
 * Contract of the expansions of mapped tasks ({@link AttemptTransition#expansions()},
 * {@link TaskAttemptStore#expansions}): an expansion is stored only when the parent's move to
 * SUCCESS that carries it applies, in that move's commit (with its output); a later success of the
 * parent replaces it; expansions are read per run ordered by task id and go with their run when it
 * is purged. Instance task ids ({@code load[3]}) are plain attempt keys.
 */
public interface ExpansionContract extends StoreUnderTest {
    private TaskAttemptStore attempts() {
        return store().attempts();
    }

    /** Inserts a SCHEDULED attempt and moves it to RUNNING. */
    private void running(AttemptKey k, Instant at) {
        attempts().insert(List.of(new NewAttempt(k, SCHEDULED, at)));
        assertTrue(attempts().transition(AttemptTransition.of(k, SCHEDULED, RUNNING, at)
                .withLease("exec-1", "tok-" + k.taskId(), at.plusSeconds(60))), k + " started");
    }

    /** The parent's success stores its output and the expansions of the tasks mapped over it together. */
    @Test
    default void a_success_stores_its_expansions_with_its_output() {
        long run = newRun(ETL, t(0));
        long other = newRun(ETL, t(1));
        AttemptKey extract = key(run, "extract", 0);
        running(extract, t(1));
        assertEquals(List.of(), attempts().expansions(run));
        assertTrue(attempts().transition(AttemptTransition.of(extract, RUNNING, SUCCESS, t(2))
                .withOutput(TaskOutput.json("[\"a\",\"b\",\"c\"]"))
                .withExpansions(List.of(new TaskExpansion("transform", 3), new TaskExpansion("load", 0)))));
        assertEquals(List.of(new TaskExpansion("load", 0), new TaskExpansion("transform", 3)),
                attempts().expansions(run), "ordered by task id; an expansion of 0 items is stored too");
        assertEquals(TaskOutput.json("[\"a\",\"b\",\"c\"]"), attempts().output(extract).orElseThrow().output());
        assertEquals(List.of(), attempts().expansions(other), "another run's are its own");
    }

    /** A refused compare-and-set stores no expansion, alone or in a batch. */
    @Test
    default void a_refused_transition_stores_no_expansion() {
        long run = newRun(ETL, t(0));
        AttemptKey extract = key(run, "extract", 0);
        running(extract, t(1));
        assertTrue(attempts().transition(AttemptTransition.of(extract, RUNNING, FAILED, t(2))));
        assertFalse(attempts().transition(AttemptTransition.of(extract, RUNNING, SUCCESS, t(3))
                .withExpansions(List.of(new TaskExpansion("transform", 2)))), "a late SUCCESS after FAILED is refused");
        assertEquals(List.of(), attempts().expansions(run));

        AttemptKey retry = key(run, "extract", 1);
        running(retry, t(4));
        AttemptKey load = key(run, "load", 0);
        attempts().insert(List.of(new NewAttempt(load, SCHEDULED, t(4))));
        assertEquals(List.of(true, false), attempts().transitionAll(List.of(
                AttemptTransition.of(retry, RUNNING, SUCCESS, t(5)).withExpansions(List.of(new TaskExpansion("transform", 2))),
                AttemptTransition.of(load, RUNNING, SUCCESS, t(5)).withExpansions(List.of(new TaskExpansion("other", 9))))));
        assertEquals(List.of(new TaskExpansion("transform", 2)), attempts().expansions(run),
                "only the applied transition's expansion");
    }

    /** A later success of the parent (an operator cleared it) replaces the stored expansion; others stay. */
    @Test
    default void a_later_success_of_the_parent_replaces_the_expansion() {
        long run = newRun(ETL, t(0));
        AttemptKey first = key(run, "extract", 0);
        running(first, t(1));
        assertTrue(attempts().transition(AttemptTransition.of(first, RUNNING, SUCCESS, t(2))
                .withExpansions(List.of(new TaskExpansion("transform", 5), new TaskExpansion("load", 1)))));
        AttemptKey second = key(run, "extract", 1);
        running(second, t(3));
        assertTrue(attempts().transition(AttemptTransition.of(second, RUNNING, SUCCESS, t(4))
                .withExpansions(List.of(new TaskExpansion("transform", 2)))));
        assertEquals(List.of(new TaskExpansion("load", 1), new TaskExpansion("transform", 2)), attempts().expansions(run));

        AttemptKey third = key(run, "extract", 2);
        AttemptKey fourth = key(run, "extract", 3);
        running(third, t(5));
        running(fourth, t(5));
        assertEquals(List.of(true, true), attempts().transitionAll(List.of(
                AttemptTransition.of(third, RUNNING, SUCCESS, t(6)).withExpansions(List.of(new TaskExpansion("transform", 7))),
                AttemptTransition.of(fourth, RUNNING, SUCCESS, t(6)).withExpansions(List.of(new TaskExpansion("transform", 8))))));
        assertEquals(List.of(new TaskExpansion("load", 1), new TaskExpansion("transform", 8)), attempts().expansions(run),
                "in one batch, the later attempt's expansion is the one kept");
    }

    /** Instances are attempts like any other: {@code load[0]}, {@code load[1023]} with their own attempts and outputs. */
    @Test
    default void instance_task_ids_are_attempt_keys() {
        long run = newRun(ETL, t(0));
        AttemptKey i0 = key(run, "load[0]", 0);
        AttemptKey i1023 = key(run, "load[1023]", 0);
        AttemptKey i1023retry = key(run, "load[1023]", 1);
        running(i0, t(1));
        running(i1023, t(1));
        assertTrue(attempts().transition(AttemptTransition.of(i0, RUNNING, SUCCESS, t(2)).withOutput(TaskOutput.json("0"))));
        assertTrue(attempts().transition(AttemptTransition.of(i1023, RUNNING, FAILED, t(2)).withError("boom")));
        running(i1023retry, t(3));
        assertTrue(attempts().transition(AttemptTransition.of(i1023retry, RUNNING, SUCCESS, t(4))
                .withOutput(TaskOutput.json("1023"))));
        assertEquals(SUCCESS, attempts().find(i1023retry).orElseThrow().status());
        assertEquals(FAILED, attempts().find(i1023).orElseThrow().status());
        assertEquals(List.of("0", "1023"), List.of(attempts().output(i0).orElseThrow().output().text(),
                attempts().outputs(run, List.of("load[1023]")).get("load[1023]").output().text()));
    }

    /** A purged run's expansions go with it; an unfinished run keeps its own. */
    @Test
    default void expansions_are_purged_with_their_run() {
        long done = newRun(ETL, t(0));
        long open = newRun(ETL, t(1));
        for (long r : List.of(done, open)) {
            running(key(r, "extract", 0), t(2));
            assertTrue(attempts().transition(AttemptTransition.of(key(r, "extract", 0), RUNNING, SUCCESS, t(3))
                    .withExpansions(List.of(new TaskExpansion("transform", 4)))));
        }
        assertTrue(store().dagRuns().transition(done, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, t(10)));
        store().purgeFinishedRunsOlderThan(t(100));
        assertEquals(List.of(), attempts().expansions(done));
        assertEquals(List.of(new TaskExpansion("transform", 4)), attempts().expansions(open));
    }

    /** Expansions travel with a move to SUCCESS only, each mapped task once, with a count of 0 or more. */
    @Test
    default void a_malformed_expansion_is_refused_before_the_store() {
        AttemptKey k = key(1, "extract", 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttemptTransition.of(k, RUNNING, FAILED, t(1)).withExpansions(List.of(new TaskExpansion("load", 1))));
        assertTrue(e.getMessage().contains("SUCCESS only, not to FAILED"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AttemptTransition.of(k, RUNNING, SUCCESS, t(1))
                .withExpansions(List.of(new TaskExpansion("load", 1), new TaskExpansion("load", 2))));
        assertTrue(e.getMessage().contains("name a mapped task twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TaskExpansion("load", -1));
        assertEquals("Expansion of task 'load': count must be >= 0, was -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TaskExpansion("load[1]", 1));
        assertTrue(e.getMessage().contains("'load[1]' is not a task id"), e.getMessage());
    }
}
