package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.api.TaskStatus.FAILED;
import static ppacer.api.TaskStatus.RUNNING;
import static ppacer.api.TaskStatus.SCHEDULED;
import static ppacer.api.TaskStatus.SKIPPED;
import static ppacer.api.TaskStatus.SUCCESS;
import static ppacer.api.TaskStatus.UPSTREAM_FAILED;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.attempt;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.AttemptTransition;
import ppacer.api.spi.DagRunSummary;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.PurgeResult;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.api.spi.TaskAttemptStore;

/**
 * Contract of the branch decision and the reason of an attempt ({@link NewAttempt#reason()},
 * {@link AttemptTransition#branch()}, {@link AttemptTransition#reason()}, read back in
 * {@link TaskAttemptRecord}), and of SKIPPED as a finished, non-failed status: a branch that chose
 * no child reads back present and empty, one that did not branch reads back absent; a refused
 * compare-and-set writes neither; every read of attempts carries both fields; status counts and run
 * progress count SKIPPED (as done, not failed).
 */
public interface BranchAndReasonContract extends StoreUnderTest {
    /** @return a reason with the characters a scheduler's message may hold: commas, quotes, a newline, non-ASCII */
    private static String oddReason() {
        return "rule not met: ALL_SUCCESS needs [extract, transform], 'load' — \"skipped\"\nsecond line ✓";
    }

    private TaskAttemptStore attempts() {
        return store().attempts();
    }

    private TaskAttemptRecord found(AttemptKey key) {
        return attempts().find(key).orElseThrow(() -> new AssertionError(key + " not found"));
    }

    /** Inserts SCHEDULED attempts and moves them to RUNNING under a lease. */
    private void running(Instant at, AttemptKey... keys) {
        for (AttemptKey k : keys) {
            attempts().insert(List.of(new NewAttempt(k, SCHEDULED, at)));
            assertTrue(attempts().transition(AttemptTransition.of(k, SCHEDULED, RUNNING, at)
                    .withLease("exec-1", "tok-" + k.taskId(), at.plusSeconds(60))), k + " started");
        }
    }

    private static void assertBranchAndReason(Optional<List<String>> branch, Optional<String> reason, TaskAttemptRecord r) {
        assertEquals(branch, r.branch(), r.key() + " branch");
        assertEquals(reason, r.reason(), r.key() + " reason");
    }

    /** SKIPPED and UPSTREAM_FAILED rows inserted with a reason read it back, finished at their insert time. */
    @Test
    default void skipped_and_upstream_failed_inserts_read_back_their_reason() {
        long run = newRun(ETL, t(0));
        AttemptKey extract = key(run, "extract", 0);
        AttemptKey transform = key(run, "transform", 0);
        AttemptKey load = key(run, "load", 0);
        attempts().insert(List.of(new NewAttempt(extract, SCHEDULED, t(1)),
                new NewAttempt(transform, SKIPPED, t(2), Optional.of("branch not chosen: extract chose [load]")),
                new NewAttempt(load, UPSTREAM_FAILED, t(3), Optional.of(oddReason()))));

        assertEquals(new TaskAttemptRecord(transform, SKIPPED, t(2), Optional.empty(), Optional.of(t(2)), t(2),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("branch not chosen: extract chose [load]")), found(transform));
        TaskAttemptRecord upstream = found(load);
        assertEquals(UPSTREAM_FAILED, upstream.status());
        assertEquals(Optional.of(t(3)), upstream.finishedAt(), "inserted finished");
        assertBranchAndReason(Optional.empty(), Optional.of(oddReason()), upstream);
        TaskAttemptRecord scheduled = found(extract);
        assertBranchAndReason(Optional.empty(), Optional.empty(), scheduled);
        assertEquals(Optional.empty(), scheduled.finishedAt(), "SCHEDULED is not finished");

        assertEquals(List.of(Optional.empty(), Optional.of(oddReason()), Optional.of("branch not chosen: extract chose [load]")),
                attempts().latest(run).stream().map(TaskAttemptRecord::reason).toList(), "latest() reads the reason");
        assertEquals(List.of(Optional.of(oddReason())),
                attempts().attempts(run, "load").stream().map(TaskAttemptRecord::reason).toList(), "attempts() too");
        assertEquals(List.of(extract), attempts().unfinished().stream().map(TaskAttemptRecord::key).toList(),
                "SKIPPED and UPSTREAM_FAILED are finished");
    }

    /** A branch of two children, of none (present and empty) and no branch (absent) read back as written. */
    @Test
    default void success_reads_back_a_branch_of_two_children_of_none_or_no_branch() {
        long run = newRun(ETL, t(0));
        AttemptKey two = key(run, "extract", 0);
        AttemptKey none = key(run, "transform", 0);
        AttemptKey plain = key(run, "load", 0);
        running(t(1), two, none, plain);

        assertTrue(attempts().transition(AttemptTransition.of(two, RUNNING, SUCCESS, t(5))
                .withBranch(List.of("load.eu-1", "report_2"))));
        assertTrue(attempts().transition(AttemptTransition.of(none, RUNNING, SUCCESS, t(6)).withBranch(List.of())));
        assertTrue(attempts().transition(AttemptTransition.of(plain, RUNNING, SUCCESS, t(7))));

        TaskAttemptRecord r = found(two);
        assertBranchAndReason(Optional.of(List.of("load.eu-1", "report_2")), Optional.empty(), r);
        assertEquals(Optional.of(t(5)), r.finishedAt());
        assertEquals(Optional.empty(), r.leaseDeadline());
        assertEquals(Optional.of("exec-1"), r.executorId(), "executor kept");
        assertBranchAndReason(Optional.of(List.of()), Optional.empty(), found(none));
        assertBranchAndReason(Optional.empty(), Optional.empty(), found(plain));

        assertEquals(List.of(Optional.of(List.of("load.eu-1", "report_2")), Optional.empty(), Optional.of(List.of())),
                attempts().latest(run).stream().map(TaskAttemptRecord::branch).toList(), "latest() by task id");
        assertEquals(List.of(Optional.of(List.of())),
                attempts().attempts(run, "transform").stream().map(TaskAttemptRecord::branch).toList());
    }

    /** RUNNING → SKIPPED (a short-circuit) stores its reason, finishes the attempt and clears the lease. */
    @Test
    default void running_to_skipped_stores_the_reason_and_finishes() {
        long run = newRun(ETL, t(0));
        AttemptKey k = key(run, "extract", 0);
        running(t(1), k);
        assertTrue(attempts().transition(AttemptTransition.of(k, RUNNING, SKIPPED, t(4))
                .withReason("short-circuit: no new files")));
        TaskAttemptRecord r = found(k);
        assertEquals(SKIPPED, r.status());
        assertEquals(Optional.of(t(1)), r.startedAt());
        assertEquals(Optional.of(t(4)), r.finishedAt());
        assertEquals(t(4), r.updatedAt());
        assertEquals(Optional.empty(), r.leaseDeadline(), "a finished attempt holds no lease");
        assertEquals(Optional.of("tok-extract"), r.token(), "token kept");
        assertBranchAndReason(Optional.empty(), Optional.of("short-circuit: no new files"), r);

        AttemptKey upstream = key(run, "load", 0);
        attempts().insert(List.of(new NewAttempt(upstream, UPSTREAM_FAILED, t(2), Optional.of("upstream failed: transform"))));
        assertTrue(attempts().transition(AttemptTransition.of(upstream, UPSTREAM_FAILED, SKIPPED, t(8))
                .withReason("marked SKIPPED by an operator")));
        assertBranchAndReason(Optional.empty(), Optional.of("marked SKIPPED by an operator"), found(upstream));
        assertEquals(Optional.of(t(8)), found(upstream).finishedAt());
    }

    /** A transition from the wrong status is refused and writes nothing of its branch or reason. */
    @Test
    default void refused_transition_writes_no_branch_or_reason() {
        long run = newRun(ETL, t(0));
        AttemptKey scheduled = key(run, "extract", 0);
        AttemptKey skipped = key(run, "transform", 0);
        attempts().insert(List.of(new NewAttempt(scheduled, SCHEDULED, t(1)),
                new NewAttempt(skipped, SKIPPED, t(1), Optional.of("branch not chosen: a"))));

        assertFalse(attempts().transition(AttemptTransition.of(scheduled, RUNNING, SUCCESS, t(2))
                .withBranch(List.of("transform"))));
        assertFalse(attempts().transition(AttemptTransition.of(scheduled, RUNNING, SKIPPED, t(2))
                .withReason("short-circuit: late")));
        assertFalse(attempts().transition(AttemptTransition.of(skipped, RUNNING, SKIPPED, t(2))
                .withReason("short-circuit: late").withBranch(List.of())));
        assertEquals(List.of(false, false, false), attempts().transitionAll(List.of(
                AttemptTransition.of(scheduled, RUNNING, SUCCESS, t(3)).withBranch(List.of()),
                AttemptTransition.of(key(run, "load", 0), RUNNING, SUCCESS, t(3)).withBranch(List.of("x"))
                        .withReason("never stored"),
                AttemptTransition.of(skipped, SCHEDULED, SKIPPED, t(3)).withReason("never stored"))));

        TaskAttemptRecord r = found(scheduled);
        assertEquals(SCHEDULED, r.status());
        assertEquals(t(1), r.updatedAt());
        assertBranchAndReason(Optional.empty(), Optional.empty(), r);
        TaskAttemptRecord s = found(skipped);
        assertEquals(t(1), s.updatedAt());
        assertBranchAndReason(Optional.empty(), Optional.of("branch not chosen: a"), s);
        assertEquals(Optional.empty(), attempts().find(key(run, "load", 0)), "no row was made");
    }

    /**
     * transitionAll with transitions of mixed shapes on distinct attempts (some with a branch or a
     * reason, some without, one refused), then with several transitions of one attempt in order: an
     * absent field keeps what an earlier transition stored.
     */
    @Test
    default void transition_all_mixes_transitions_with_and_without_branch_or_reason() {
        long run = newRun(REPORT, t(0));
        AttemptKey two = key(run, "a", 0);
        AttemptKey none = key(run, "b", 0);
        AttemptKey plain = key(run, "c", 0);
        AttemptKey skip = key(run, "d", 0);
        AttemptKey fail = key(run, "e", 0);
        AttemptKey scheduled = key(run, "f", 0);
        running(t(1), two, none, plain, skip, fail);
        attempts().insert(List.of(new NewAttempt(scheduled, SCHEDULED, t(1))));

        assertEquals(List.of(true, true, true, true, true, false), attempts().transitionAll(List.of(
                AttemptTransition.of(two, RUNNING, SUCCESS, t(2)).withBranch(List.of("b", "c")),
                AttemptTransition.of(none, RUNNING, SUCCESS, t(2)).withBranch(List.of()),
                AttemptTransition.of(plain, RUNNING, SUCCESS, t(2)),
                AttemptTransition.of(skip, RUNNING, SKIPPED, t(2)).withReason("short-circuit: empty input"),
                AttemptTransition.of(fail, RUNNING, FAILED, t(2)).withError("boom"),
                AttemptTransition.of(scheduled, RUNNING, SKIPPED, t(2)).withReason("never stored")
                        .withBranch(List.of("x")))));
        assertBranchAndReason(Optional.of(List.of("b", "c")), Optional.empty(), found(two));
        assertBranchAndReason(Optional.of(List.of()), Optional.empty(), found(none));
        assertBranchAndReason(Optional.empty(), Optional.empty(), found(plain));
        assertBranchAndReason(Optional.empty(), Optional.of("short-circuit: empty input"), found(skip));
        assertEquals(Optional.of(t(2)), found(skip).finishedAt());
        assertBranchAndReason(Optional.empty(), Optional.empty(), found(fail));
        assertEquals(Optional.of("boom"), found(fail).error());
        assertBranchAndReason(Optional.empty(), Optional.empty(), found(scheduled));
        assertEquals(SCHEDULED, found(scheduled).status());

        AttemptKey again = key(run, "g", 0);
        attempts().insert(List.of(new NewAttempt(again, SCHEDULED, t(3))));
        assertEquals(List.of(true, true, true, true, true), attempts().transitionAll(List.of(
                AttemptTransition.of(again, SCHEDULED, RUNNING, t(4)).withLease("exec-2", "tok-g", t(60)),
                AttemptTransition.of(again, RUNNING, SUCCESS, t(5)).withBranch(List.of("a")),
                AttemptTransition.of(again, SUCCESS, SUCCESS, t(6)),
                AttemptTransition.of(skip, SKIPPED, SKIPPED, t(6)),
                AttemptTransition.of(scheduled, SCHEDULED, SKIPPED, t(6)).withReason("marked SKIPPED by an operator"))));
        TaskAttemptRecord g = found(again);
        assertEquals(t(6), g.updatedAt());
        assertBranchAndReason(Optional.of(List.of("a")), Optional.empty(), g);
        assertBranchAndReason(Optional.empty(), Optional.of("short-circuit: empty input"), found(skip));
        assertBranchAndReason(Optional.empty(), Optional.of("marked SKIPPED by an operator"), found(scheduled));
    }

    /** countByStatus() counts SKIPPED attempts, however they were written. */
    @Test
    default void count_by_status_includes_skipped() {
        long run = newRun(ETL, t(0));
        AttemptKey ran = key(run, "extract", 0);
        running(t(1), ran);
        attempts().insert(List.of(new NewAttempt(key(run, "transform", 0), SKIPPED, t(2), Optional.of("branch not chosen: x")),
                new NewAttempt(key(run, "load", 0), UPSTREAM_FAILED, t(2), Optional.of("upstream failed: extract"))));
        assertTrue(attempts().transition(AttemptTransition.of(ran, RUNNING, SKIPPED, t(3)).withReason("short-circuit: x")));
        long other = newRun(ETL, t(1));
        attempts().insert(List.of(new NewAttempt(key(other, "extract", 0), SKIPPED, t(4)), attempt(other, "load", 0, t(4))));
        assertEquals(Map.of(SKIPPED, 3L, UPSTREAM_FAILED, 1L, SCHEDULED, 1L), attempts().countByStatus());
    }

    /**
     * Run progress counts a task whose latest attempt is SKIPPED as done and not failed; a run's
     * SKIPPED attempts and their reasons go with it when it is purged.
     */
    @Test
    default void run_progress_counts_skipped_as_done() {
        long run = newRun(ETL, t(0));
        AttemptKey extract = key(run, "extract", 0);
        running(t(1), extract);
        assertTrue(attempts().transition(AttemptTransition.of(extract, RUNNING, SUCCESS, t(2)).withBranch(List.of("load"))));
        attempts().insert(List.of(new NewAttempt(key(run, "transform", 0), SKIPPED, t(2),
                Optional.of("branch not chosen: extract chose [load]"))));
        AttemptKey load = key(run, "load", 0);
        running(t(3), load);
        assertTrue(attempts().transition(AttemptTransition.of(load, RUNNING, SKIPPED, t(4)).withReason("short-circuit: x")));

        long failed = newRun(ETL, t(1));
        attempts().insert(List.of(new NewAttempt(key(failed, "extract", 0), SCHEDULED, t(2))));
        assertTrue(attempts().transition(AttemptTransition.of(key(failed, "extract", 0), SCHEDULED, FAILED, t(3))));
        attempts().insert(List.of(new NewAttempt(key(failed, "transform", 0), UPSTREAM_FAILED, t(3),
                        Optional.of("upstream failed: extract")),
                new NewAttempt(key(failed, "load", 0), SKIPPED, t(3), Optional.of("upstream skipped: transform"))));

        Map<Long, DagRunSummary> byRun = new java.util.HashMap<>();
        store().dagRuns().recent(Optional.of(ETL), Optional.empty(), 10).forEach(s -> byRun.put(s.run().runId(), s));
        assertEquals(List.of(3, 0), List.of(byRun.get(run).tasksDone(), byRun.get(run).tasksFailed()),
                "SUCCESS + 2 SKIPPED are done, none failed");
        assertEquals(List.of(3, 2), List.of(byRun.get(failed).tasksDone(), byRun.get(failed).tasksFailed()),
                "FAILED + UPSTREAM_FAILED + SKIPPED are done; SKIPPED is no failure");

        assertTrue(store().dagRuns().transition(run, DagRunStatus.QUEUED, DagRunStatus.SUCCESS, t(10)));
        assertEquals(new PurgeResult(1, 3, 0, 0), store().purgeFinishedRunsOlderThan(t(100)));
        assertEquals(List.of(), attempts().latest(run));
        assertEquals(3, attempts().latest(failed).size(), "the unfinished run is kept");
    }
}
