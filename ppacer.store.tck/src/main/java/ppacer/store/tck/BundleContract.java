package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ppacer.store.tck.Fixtures.t;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.BackfillReprocess;
import ppacer.api.spi.BackfillStep;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.BundleRunCount;
import ppacer.api.spi.BundleStore;
import ppacer.api.spi.BundleVersionRecord;
import ppacer.api.spi.NewBackfill;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEventType;

/**
 * Contract of {@link BundleStore} and of the bundle hash of runs: a deploy inserts the bundle's next
 * version as its only active one (time to the microsecond, author, DAG ids), deploying the active
 * content again changes nothing, an undeploy leaves no active version, a hash finds its latest
 * version, and a run keeps the bundle hash it was inserted with.
 */
public interface BundleContract extends StoreUnderTest {
    /** A SHA-256 in hex made of one repeated digit. */
    private static String hash(char digit) {
        return String.valueOf(digit).repeat(64);
    }

    private BundleStore bundles() {
        return store().bundles();
    }

    /** Versions 1, 2, 3; only the latest active; the same content again is not a new version. */
    @Test
    default void a_deploy_adds_the_next_version_as_the_only_active_one() {
        assertEquals(List.of(), bundles().list());
        Instant micros = t(1).plusNanos(123_456_000);
        BundleVersionRecord v1 = bundles().deploy("sales", hash('a'), List.of("sales_daily", "sales.hourly"), micros, "api");
        assertEquals(new BundleVersionRecord("sales", 1, hash('a'), micros, "api", List.of("sales_daily", "sales.hourly"), true),
                v1);
        assertEquals(v1, bundles().deploy("sales", hash('a'), List.of("sales_daily", "sales.hourly"), t(2), "other"),
                "the active content again: unchanged");
        BundleVersionRecord v2 = bundles().deploy("sales", hash('b'), List.of("sales_daily"), t(3), "dags-dir");
        bundles().deploy("hr", hash('c'), List.of(), t(4), "api");
        BundleVersionRecord v3 = bundles().deploy("sales", hash('a'), List.of("sales_daily", "sales.hourly"), t(5), "api");

        assertEquals(2, v2.version());
        assertEquals(3, v3.version(), "a roll-back to an older content is a new version");
        assertEquals(List.of(new BundleVersionRecord("hr", 1, hash('c'), t(4), "api", List.of(), true),
                        new BundleVersionRecord("sales", 1, hash('a'), micros, "api", List.of("sales_daily", "sales.hourly"), false),
                        new BundleVersionRecord("sales", 2, hash('b'), t(3), "dags-dir", List.of("sales_daily"), false),
                        v3),
                bundles().list());
        assertEquals(List.of("hr", "sales"), bundles().active().stream().map(BundleVersionRecord::bundle).toList());
        assertEquals(Optional.of(v3), bundles().findByHash(hash('a')), "the latest version of that content");
        assertEquals(Optional.empty(), bundles().findByHash(hash('d')));
    }

    /** An undeploy clears the active flag; a second one finds nothing; a redeploy is the next version. */
    @Test
    default void an_undeploy_leaves_no_active_version() {
        BundleVersionRecord v1 = bundles().deploy("gone", hash('1'), List.of("g"), t(1), "api");

        assertEquals(Optional.of(v1), bundles().undeploy("gone"));

        assertEquals(Optional.empty(), bundles().undeploy("gone"));
        assertEquals(List.of(), bundles().active());
        assertEquals(List.of(new BundleVersionRecord("gone", 1, hash('1'), t(1), "api", List.of("g"), false)),
                bundles().list());
        assertEquals(2, bundles().deploy("gone", hash('1'), List.of("g"), t(2), "api").version());
    }

    /** A run inserted with a bundle hash reads it back; a run without one reads none. */
    @Test
    default void a_run_keeps_the_bundle_hash_it_started_with() {
        store().dags().sync(Fixtures.standardDags(), t(0));
        long pinned = store().dagRuns().insert(new NewDagRun(Fixtures.ETL, t(0), DagRunStatus.QUEUED, "{}",
                ScheduleEventType.MANUALLY_TRIGGERED, 1, t(1), Optional.of(hash('e'))));
        long builtin = store().dagRuns().insert(new NewDagRun(Fixtures.REPORT, t(0), DagRunStatus.QUEUED, "{}",
                ScheduleEventType.MANUALLY_TRIGGERED, 1, t(1)));

        assertEquals(Optional.of(hash('e')), store().dagRuns().find(pinned).orElseThrow().bundleHash());
        assertEquals(Optional.empty(), store().dagRuns().find(builtin).orElseThrow().bundleHash());
        assertEquals(Optional.of(hash('e')), store().dagRuns().latest(Fixtures.ETL).orElseThrow().bundleHash());
    }

    /** A run a backfill creates keeps the bundle hash too. */
    @Test
    default void a_backfill_run_keeps_the_bundle_hash_it_started_with() {
        store().dags().sync(Fixtures.standardDags(), t(0));
        long backfill = store().backfills().insert(new NewBackfill(Fixtures.ETL, t(0), t(300), 2, BackfillReprocess.NONE,
                false, "{}", "cli", t(1000), Optional.of(t(0)), 1));
        OptionalLong run = store().backfills().advance(backfill, 0, new BackfillStep.Create(new NewDagRun(Fixtures.ETL, t(0),
                DagRunStatus.QUEUED, "{}", ScheduleEventType.BACKFILL, 3, t(1001), Optional.of(hash('f')))),
                Optional.empty(), t(1001));

        assertEquals(Optional.of(hash('f')), store().dagRuns().find(run.orElseThrow()).orElseThrow().bundleHash());
    }

    /** A deploy that inserted a version writes one audit row (before: the previous version), the same content none; an undeploy one. */
    @Test
    default void deploys_and_undeploys_write_their_audit_row_in_their_transaction() {
        AuditEntry template = new AuditEntry(t(1), "token:alice", Optional.of("10.0.0.1"), "bundle.deploy",
                new AuditTarget(Optional.empty(), OptionalLong.empty(), Optional.empty(), OptionalInt.empty(),
                        OptionalLong.empty(), Optional.empty()), Optional.empty(), Optional.empty());
        bundles().deploy("sales", hash('a'), List.of("s"), t(1), "token:alice", Optional.of(template));
        bundles().deploy("sales", hash('a'), List.of("s"), t(2), "token:alice", Optional.of(template));
        bundles().deploy("sales", hash('b'), List.of("s"), t(3), "token:alice", Optional.of(template));
        bundles().undeploy("sales", Optional.of(template));
        bundles().undeploy("sales", Optional.of(template));

        List<AuditEntry> rows = store().audit().list(AuditQuery.all(10)).stream().map(AuditRecord::entry).toList();
        assertEquals(3, rows.size(), "two deploys that applied and one undeploy; the same content again and a second"
                + " undeploy write none: " + rows);
        assertEquals(List.of("bundle.deploy"), rows.stream().map(AuditEntry::action).distinct().toList());
        assertEquals(Optional.of("sales v2 " + hash('b')), rows.get(0).before());
        assertEquals(Optional.empty(), rows.get(0).after(), "undeploy: nothing after");
        assertEquals(Optional.of("sales v1 " + hash('a')), rows.get(1).before());
        assertEquals(Optional.of("sales v2 " + hash('b')), rows.get(1).after());
        assertEquals(Optional.empty(), rows.get(2).before(), "first deploy: nothing before");
        assertEquals(Optional.of("sales v1 " + hash('a')), rows.get(2).after());
        assertEquals("token:alice", rows.get(2).actor());
        assertEquals(Optional.of("10.0.0.1"), rows.get(2).address());
    }

    /** Runs are counted per bundle hash, the unfinished ones apart; runs without a hash are not counted. */
    @Test
    default void runs_are_counted_by_bundle_version() {
        store().dags().sync(Fixtures.standardDags(), t(0));
        long done = store().dagRuns().insert(new NewDagRun(Fixtures.ETL, t(0), DagRunStatus.QUEUED, "{}",
                ScheduleEventType.MANUALLY_TRIGGERED, 1, t(1), Optional.of(hash('e'))));
        store().dagRuns().insert(new NewDagRun(Fixtures.ETL, t(60), DagRunStatus.QUEUED, "{}",
                ScheduleEventType.MANUALLY_TRIGGERED, 1, t(1), Optional.of(hash('e'))));
        store().dagRuns().insert(new NewDagRun(Fixtures.ETL, t(120), DagRunStatus.QUEUED, "{}",
                ScheduleEventType.MANUALLY_TRIGGERED, 1, t(1), Optional.of(hash('f'))));
        store().dagRuns().insert(new NewDagRun(Fixtures.REPORT, t(0), DagRunStatus.QUEUED, "{}",
                ScheduleEventType.MANUALLY_TRIGGERED, 1, t(1)));
        assertEquals(true, store().dagRuns().transition(done, DagRunStatus.QUEUED, DagRunStatus.FAILED, t(2)));

        assertEquals(List.of(new BundleRunCount(hash('e'), 1, 2), new BundleRunCount(hash('f'), 1, 1)),
                bundles().runCounts());
    }
}
