package ppacer.scheduler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.api.TaskStatus;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Tasks;

/** A RUNNING attempt found at scheduler start (restart or failover), judged by how long ago its lease ended. */
class RecoveryGraceTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private Dag dag() {
        return Dag.builder("d").root(Node.of(tasks.ok("t"), TaskConfig.builder().timeout(Duration.ofSeconds(60))
                .retries(1).build())).build();
    }

    /** Hands the task out on a first scheduler, which then disappears; returns the lease (deadline T0 + 30 s). */
    private TaskLease handedOutBeforeTheCrash() {
        try (CoreFixture first = new CoreFixture(dir, T0, dag())) {
            first.watcher.trigger(first.registry.find("d").orElseThrow(), "{}", T0);
            TaskLease l = first.queue.poll().flatMap(e -> first.attempts.handOut(e, "exec-1")).orElseThrow();
            assertEquals(T0.plusSeconds(30), l.leaseDeadline());
            return l;
        }
    }

    private static CoreFixture restartedAt(Path dir, Instant now, Dag dag) {
        CoreFixture f = new CoreFixture(dir, now, dag);
        new Recovery(f.runs, f.registry, f.admission, GRACE).recover();
        return f;
    }

    @Test
    void a_lease_that_ended_less_than_a_grace_ago_gets_one_grace_and_the_executor_can_still_report() {
        TaskLease l = handedOutBeforeTheCrash();
        Instant now = T0.plusSeconds(40); // the lease ended 10 s ago (a failover, or clocks 10 s apart)
        try (CoreFixture f = restartedAt(dir, now, dag())) {
            assertEquals(TaskStatus.RUNNING, f.store.attempts().find(l.key()).orElseThrow().status());
            assertEquals(now.plus(GRACE), f.runs.attemptLeases().runOnce(now.plus(GRACE).minusMillis(1)), "kept until now + grace");

            f.clock.set(now.plusSeconds(20));
            ReportResult hb = f.attempts.heartbeat(l.key(), l.token());
            assertTrue(hb.accepted(), hb.message());
            assertEquals(Optional.of(now.plusSeconds(50)), hb.leaseDeadline());
            assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.success()).accepted());
            assertEquals(DagRunStatus.SUCCESS, f.store.dagRuns().find(l.key().runId()).orElseThrow().status());
            assertEquals(1, f.store.attempts().attempts(l.key().runId(), "t").size(), "no second attempt");
        }
    }

    /**
     * Leases last a few heartbeats (not the task timeout), so one still valid at a takeover may end
     * before the executor, whose heartbeats went to the old leader, has found the new one: it gets at
     * least one grace from now.
     */
    @Test
    void a_lease_still_valid_at_takeover_lasts_at_least_one_grace_from_now() {
        TaskLease l = handedOutBeforeTheCrash();
        Instant now = T0.plusSeconds(20); // its lease ends at T0 + 30 s, 10 s from now
        try (CoreFixture f = restartedAt(dir, now, dag())) {
            assertEquals(now.plus(GRACE), f.runs.attemptLeases().runOnce(now.plus(GRACE).minusMillis(1)), "kept until now + grace");
            f.clock.set(now.plusSeconds(25));
            assertTrue(f.attempts.heartbeat(l.key(), l.token()).accepted(), "the executor reached the new leader in time");
            assertTrue(f.attempts.report(l.key(), l.token(), TaskOutcome.success()).accepted());
            assertEquals(1, f.store.attempts().attempts(l.key().runId(), "t").size(), "no second attempt");
        }
    }

    @Test
    void a_silent_executor_loses_the_attempt_one_grace_after_the_start() {
        TaskLease l = handedOutBeforeTheCrash();
        Instant now = T0.plusSeconds(40);
        try (CoreFixture f = restartedAt(dir, now, dag())) {
            f.clock.set(now.plus(GRACE));
            f.runs.attemptLeases().runOnce(f.clock.instant());
            TaskAttemptRecord lost = f.store.attempts().find(l.key()).orElseThrow();
            assertEquals(TaskStatus.FAILED_PENDING_RETRY, lost.status());
            assertTrue(lost.error().orElseThrow().startsWith("executor lost: lease expired after"), lost::toString);
        }
    }

    @Test
    void a_lease_that_ended_longer_than_a_grace_ago_fails_at_once() {
        TaskLease l = handedOutBeforeTheCrash();
        try (CoreFixture f = restartedAt(dir, T0.plusSeconds(121), dag())) {
            TaskAttemptRecord lost = f.store.attempts().find(l.key()).orElseThrow();
            assertEquals(TaskStatus.FAILED_PENDING_RETRY, lost.status());
            assertEquals(Optional.of("executor lost: lease expired after PT2M1S (found at scheduler start)"), lost.error());
            ReportResult late = f.attempts.report(l.key(), l.token(), TaskOutcome.success());
            assertEquals(ReportResult.Status.SUPERSEDED, late.status(), late.message());
        }
    }
}
