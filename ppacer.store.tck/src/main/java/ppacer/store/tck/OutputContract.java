package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.TaskStatus.FAILED;
import static ppacer.api.TaskStatus.RUNNING;
import static ppacer.api.TaskStatus.SCHEDULED;
import static ppacer.api.TaskStatus.SUCCESS;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.TaskOutput;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.StoredOutput;
import ppacer.api.spi.TaskAttemptStore;

/**
 * Contract of task outputs ({@link AttemptTransition#output()}, {@link TaskAttemptStore#outputs},
 * {@link TaskAttemptStore#output}, {@link TaskAttemptStore#previousOutput}): an output is stored only
 * when its transition applies, byte for byte (JSON with any character, binary with every byte
 * value, the empty content, 64 KiB), in the transition's commit; the latest attempt with an output
 * wins; outputs of earlier runs are found by logical time; outputs go with their run when it is
 * purged.
 */
public interface OutputContract extends StoreUnderTest {
    private TaskAttemptStore attempts() {
        return store().attempts();
    }

    /** Inserts a SCHEDULED attempt and moves it to RUNNING. */
    private void running(AttemptKey k, Instant at) {
        attempts().insert(List.of(new NewAttempt(k, SCHEDULED, at)));
        assertTrue(attempts().transition(AttemptTransition.of(k, SCHEDULED, RUNNING, at)
                .withLease("exec-1", "tok-" + k.taskId(), at.plusSeconds(60))), k + " started");
    }

    private boolean succeed(AttemptKey k, Instant at, TaskOutput out) {
        return attempts().transition(AttemptTransition.of(k, RUNNING, SUCCESS, at).withOutput(out));
    }

    private static TaskOutput binary(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return new TaskOutput("application/octet-stream", b);
    }

    /** A JSON output, a binary one of every byte value and an empty one read back exactly. */
    @Test
    default void outputs_round_trip_byte_for_byte() {
        long run = newRun(ETL, t(0));
        AttemptKey extract = key(run, "extract", 0);
        AttemptKey transform = key(run, "transform", 0);
        AttemptKey load = key(run, "load", 0);
        TaskOutput json = TaskOutput.json("{\"rows\":[1,2,3],\"note\":\"zażółć \\\"quoted\\\", comma\\nline ✓ 🎉\"}");
        TaskOutput bytes = binary(256);
        TaskOutput empty = new TaskOutput("text/plain", new byte[0]);
        running(extract, t(1));
        running(transform, t(1));
        running(load, t(1));
        assertTrue(succeed(extract, t(2), json));
        assertTrue(succeed(transform, t(3), bytes));
        assertTrue(succeed(load, t(4), empty));

        assertEquals(Map.of("extract", new StoredOutput(extract, json, t(2)), "transform",
                new StoredOutput(transform, bytes, t(3)), "load", new StoredOutput(load, empty, t(4))),
                attempts().outputs(run, List.of("extract", "transform", "load", "nosuch")));
        assertEquals(Optional.of(new StoredOutput(transform, bytes, t(3))), attempts().output(transform));
        assertEquals(java.util.Set.of("extract", "transform", "load"), attempts().tasksWithOutputs(run));
        assertEquals(java.util.Set.of(), attempts().tasksWithOutputs(newRun(REPORT, t(9))), "another run's are its own");
        assertEquals(Map.of(), attempts().outputs(run, List.of()));
    }

    /** An output of 64 KiB (the default limit) is stored whole. */
    @Test
    default void an_output_of_the_default_limit_is_stored_whole() {
        long run = newRun(ETL, t(0));
        AttemptKey extract = key(run, "extract", 0);
        running(extract, t(1));
        TaskOutput big = binary(64 * 1024);
        assertTrue(succeed(extract, t(2), big));
        assertEquals(big, attempts().output(extract).orElseThrow().output());
    }

    /** A refused compare-and-set stores no output; a transition without one stores none. */
    @Test
    default void a_refused_transition_stores_no_output() {
        long run = newRun(ETL, t(0));
        AttemptKey extract = key(run, "extract", 0);
        running(extract, t(1));
        assertTrue(attempts().transition(AttemptTransition.of(extract, RUNNING, FAILED, t(2))));
        assertFalse(succeed(extract, t(3), TaskOutput.json("1")), "a late SUCCESS after FAILED is refused");
        assertEquals(Optional.empty(), attempts().output(extract));
        AttemptKey load = key(run, "load", 0);
        running(load, t(1));
        assertTrue(attempts().transition(AttemptTransition.of(load, RUNNING, SUCCESS, t(2))));
        assertEquals(Map.of(), attempts().outputs(run, List.of("extract", "load")));
        assertEquals(java.util.Set.of(), attempts().tasksWithOutputs(run));
    }

    /** Outputs in a batch of transitions: stored for the ones that applied only. */
    @Test
    default void a_batch_stores_the_outputs_of_the_transitions_that_applied() {
        long run = newRun(ETL, t(0));
        AttemptKey extract = key(run, "extract", 0);
        AttemptKey transform = key(run, "transform", 0);
        AttemptKey load = key(run, "load", 0);
        running(extract, t(1));
        running(transform, t(1));
        attempts().insert(List.of(new NewAttempt(load, SCHEDULED, t(1))));
        assertEquals(List.of(true, true, false), attempts().transitionAll(List.of(
                AttemptTransition.of(extract, RUNNING, SUCCESS, t(2)).withOutput(TaskOutput.json("\"e\"")),
                AttemptTransition.of(transform, RUNNING, SUCCESS, t(2)).withOutput(TaskOutput.json("\"t\"")),
                AttemptTransition.of(load, RUNNING, SUCCESS, t(2)).withOutput(TaskOutput.json("\"l\"")))));
        Map<String, StoredOutput> found = attempts().outputs(run, List.of("extract", "transform", "load"));
        assertEquals(List.of("\"e\"", "\"t\""), List.of(found.get("extract").output().text(),
                found.get("transform").output().text()));
        assertFalse(found.containsKey("load"), "load was not RUNNING");
    }

    /** A retried task: its latest attempt with an output is the one read. */
    @Test
    default void the_latest_attempt_with_an_output_wins() {
        long run = newRun(ETL, t(0));
        AttemptKey first = key(run, "extract", 0);
        AttemptKey second = key(run, "extract", 1);
        AttemptKey third = key(run, "extract", 2);
        running(first, t(1));
        assertTrue(succeed(first, t(2), TaskOutput.json("1")));
        running(second, t(3));
        assertTrue(succeed(second, t(4), TaskOutput.json("2")));
        running(third, t(5)); // cleared and running again: no output yet
        assertEquals(new StoredOutput(second, TaskOutput.json("2"), t(4)),
                attempts().outputs(run, List.of("extract")).get("extract"));
        assertEquals(TaskOutput.json("1"), attempts().output(first).orElseThrow().output());
    }

    /** The previous output: the run with the latest logical time before the given one that has it, same DAG only. */
    @Test
    default void the_previous_output_is_that_of_the_latest_earlier_run_with_one() {
        long r1 = newRun(ETL, t(0));
        long r2 = newRun(ETL, t(10));
        long r3 = newRun(ETL, t(20));
        long other = newRun(REPORT, t(15));
        for (long r : List.of(r1, r3)) {
            running(key(r, "extract", 0), t(30));
            assertTrue(succeed(key(r, "extract", 0), t(31), TaskOutput.json(Long.toString(r))));
        }
        running(key(r2, "extract", 0), t(30));
        assertTrue(attempts().transition(AttemptTransition.of(key(r2, "extract", 0), RUNNING, SUCCESS, t(31))));
        running(key(other, "extract", 0), t(30));
        assertTrue(succeed(key(other, "extract", 0), t(31), TaskOutput.json("\"other DAG\"")));

        assertEquals(Optional.of(key(r1, "extract", 0)),
                attempts().previousOutput(ETL, "extract", t(20)).map(StoredOutput::key),
                "r2 (t10) stored none: r1's; r3 is not before t20");
        assertEquals(Optional.of(key(r3, "extract", 0)),
                attempts().previousOutput(ETL, "extract", t(21)).map(StoredOutput::key));
        assertEquals(Optional.empty(), attempts().previousOutput(ETL, "extract", t(0)));
        assertEquals(Optional.empty(), attempts().previousOutput(ETL, "load", t(100)));
    }

    /** A purged run's outputs go with it; others stay. */
    @Test
    default void outputs_are_purged_with_their_run() {
        long done = newRun(ETL, t(0));
        long open = newRun(ETL, t(1));
        for (long r : List.of(done, open)) {
            running(key(r, "extract", 0), t(2));
            assertTrue(succeed(key(r, "extract", 0), t(3), TaskOutput.json("true")));
        }
        assertTrue(store().dagRuns().transition(done, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, t(10)));
        store().purgeFinishedRunsOlderThan(t(100));
        assertEquals(Optional.empty(), attempts().output(key(done, "extract", 0)));
        assertEquals(Optional.empty(), attempts().previousOutput(ETL, "extract", t(1)));
        assertTrue(attempts().output(key(open, "extract", 0)).isPresent(), "the unfinished run keeps its output");
    }
}
