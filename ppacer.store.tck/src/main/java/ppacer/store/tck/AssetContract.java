package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.t;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ppacer.api.AssetEvent;
import ppacer.api.AssetEventSource;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.AssetStore;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditTarget;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewAssetEvent;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.RecordedAssetEvent;
import ppacer.api.spi.ScheduleEventType;

/**
 * Contract of {@link AssetStore}: events round-trip (task and external sources, metadata, keys,
 * microsecond times); a repeated idempotency key or attempt records nothing and answers the first
 * event; a consumer sees as pending only events after it started watching, not yet consumed or
 * dropped; a run consuming events is inserted with its consumption in one commit, and an event
 * already consumed makes the whole insert write nothing (exactly once per consumer); another
 * consumer's consumption does not hide an event.
 */
public interface AssetContract extends StoreUnderTest {
    private AssetStore assets() {
        return store().assets();
    }

    private static NewAssetEvent external(String asset, Instant at, Optional<String> key) {
        return new NewAssetEvent(asset, at, new AssetEventSource.External("ci-bot", Optional.of("10.0.0.7")),
                "{\"rows\":42}", key);
    }

    private static NewDagRun assetRun(String dagId, Instant at) {
        return new NewDagRun(dagId, at, DagRunStatus.SCHEDULED, "{}", ScheduleEventType.ASSET_TRIGGERED, 1, at);
    }

    /** Task and external events round-trip, newest first by page; latest per asset. */
    @Test
    default void events_round_trip_and_page_newest_first() {
        long run = newRun(ETL, t(0));
        Instant micros = t(5).plusNanos(123_456_000);
        AssetEventSource.Task task = new AssetEventSource.Task(ETL, run, t(0), "load", 1);
        RecordedAssetEvent a = assets().record(new NewAssetEvent("warehouse.orders", micros, task, "{}", Optional.empty()),
                Optional.empty());
        assertTrue(a.created());
        RecordedAssetEvent b = assets().record(external("warehouse.orders", t(6), Optional.of("k-1")), Optional.empty());
        RecordedAssetEvent c = assets().record(external("s3://bucket/orders", t(7), Optional.empty()), Optional.empty());
        assertEquals(new AssetEvent(a.event().id(), "warehouse.orders", micros, task, "{}", Optional.empty()),
                assets().find(a.event().id()).orElseThrow());
        assertEquals(b.event(), assets().find(b.event().id()).orElseThrow());
        assertEquals(List.of(b.event(), a.event()), assets().events("warehouse.orders", OptionalLong.empty(), 10));
        assertEquals(List.of(a.event()), assets().events("warehouse.orders", OptionalLong.of(b.event().id()), 10));
        assertEquals(List.of(b.event()), assets().events("warehouse.orders", OptionalLong.empty(), 1));
        assertEquals(List.of(c.event(), b.event()), assets().latestPerAsset());
        assertTrue(a.event().id() < b.event().id() && b.event().id() < c.event().id(), "ids increase");
    }

    /** The same key or the same attempt twice: one event, the first one answered. */
    @Test
    default void a_repeated_key_or_attempt_records_nothing() {
        RecordedAssetEvent first = assets().record(external("x", t(1), Optional.of("k")), Optional.empty());
        RecordedAssetEvent again = assets().record(external("x", t(2), Optional.of("k")), Optional.empty());
        assertFalse(again.created());
        assertEquals(first.event(), again.event());
        assertTrue(assets().record(external("y", t(2), Optional.of("k")), Optional.empty()).created(),
                "keys are per asset");
        assertTrue(assets().record(external("x", t(3), Optional.empty()), Optional.empty()).created());
        assertTrue(assets().record(external("x", t(3), Optional.empty()), Optional.empty()).created(),
                "without a key every post is an event");
        long run = newRun(ETL, t(0));
        AssetEventSource.Task task = new AssetEventSource.Task(ETL, run, t(0), "load", 0);
        RecordedAssetEvent byTask = assets().record(new NewAssetEvent("x", t(4), task, "{}", Optional.empty()),
                Optional.empty());
        RecordedAssetEvent reported = assets().record(new NewAssetEvent("x", t(5), task, "{}", Optional.empty()),
                Optional.empty());
        assertFalse(reported.created(), "a success reported twice records one event");
        assertEquals(byTask.event(), reported.event());
        assertTrue(assets().record(new NewAssetEvent("x", t(6), new AssetEventSource.Task(ETL, run, t(0), "load", 1), "{}",
                Optional.empty()), Optional.empty()).created(), "another attempt is another event");
        assertEquals(5, assets().events("x", OptionalLong.empty(), 100).size());
    }

    /** The audit row is written with a created event only. */
    @Test
    default void the_audit_row_goes_with_a_created_event() {
        AuditEntry audit = new AuditEntry(t(1), "ci-bot", Optional.of("10.0.0.7"), "asset.emit",
                new AuditTarget(Optional.empty(), OptionalLong.empty(), Optional.empty(),
                java.util.OptionalInt.empty(), OptionalLong.empty(), Optional.empty()), Optional.empty(), Optional.empty());
        RecordedAssetEvent e = assets().record(external("x", t(1), Optional.of("k")), Optional.of(audit));
        assets().record(external("x", t(2), Optional.of("k")), Optional.of(audit));
        List<ppacer.api.spi.AuditRecord> rows = store().audit().list(AuditQuery.all(100));
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(Optional.of("asset x event " + e.event().id()), rows.getFirst().entry().after());
    }

    /** Pending: after watching began, neither consumed nor dropped, per consumer. */
    @Test
    default void pending_events_are_those_after_watching_not_taken() {
        ensureStandardDags();
        AssetEvent before = assets().record(external("x", t(1), Optional.empty()), Optional.empty()).event();
        assets().watch(ETL, Set.of("x", "y"));
        assets().watch(REPORT, Set.of("x"));
        assertEquals(List.of(), assets().pending(ETL, Set.of("x", "y")), "an event before watching is not pending: "
                + before);
        AssetEvent x1 = assets().record(external("x", t(2), Optional.empty()), Optional.empty()).event();
        AssetEvent y1 = assets().record(external("y", t(3), Optional.empty()), Optional.empty()).event();
        AssetEvent z1 = assets().record(external("z", t(3), Optional.empty()), Optional.empty()).event();
        assets().watch(ETL, Set.of("x", "y"));
        assertEquals(List.of(x1, y1), assets().pending(ETL, Set.of("x", "y")), "watching again keeps the start; " + z1
                + " is not watched");
        assertEquals(List.of(x1), assets().pending(ETL, Set.of("x")), "only the assets asked for");

        OptionalLong runId = assets().insertRunConsuming(assetRun(ETL, t(10)), List.of(x1.id(), y1.id()));
        assertTrue(runId.isPresent());
        assertEquals(ScheduleEventType.ASSET_TRIGGERED, store().dagRuns().find(runId.getAsLong()).orElseThrow().trigger());
        assertEquals(List.of(x1, y1), assets().consumedBy(runId.getAsLong()));
        assertEquals(List.of(), assets().pending(ETL, Set.of("x", "y")));
        assertEquals(List.of(x1), assets().pending(REPORT, Set.of("x")), "another consumer still has it");

        assertEquals(1, assets().drop(REPORT, List.of(x1.id()), t(11)));
        assertEquals(0, assets().drop(REPORT, List.of(x1.id()), t(12)), "dropped once");
        assertEquals(List.of(), assets().pending(REPORT, Set.of("x")));
    }

    /** An event consumed already makes a second consuming run write nothing; a taken time is a duplicate. */
    @Test
    default void an_event_is_consumed_once_per_consumer() {
        ensureStandardDags();
        assets().watch(ETL, Set.of("x"));
        AssetEvent x1 = assets().record(external("x", t(2), Optional.empty()), Optional.empty()).event();
        AssetEvent x2 = assets().record(external("x", t(3), Optional.empty()), Optional.empty()).event();
        assertTrue(assets().insertRunConsuming(assetRun(ETL, t(10)), List.of(x1.id())).isPresent());
        int runsBefore = store().dagRuns().recent(Optional.of(ETL), Optional.empty(), 100).size();
        assertEquals(OptionalLong.empty(), assets().insertRunConsuming(assetRun(ETL, t(11)), List.of(x1.id(), x2.id())));
        assertEquals(runsBefore, store().dagRuns().recent(Optional.of(ETL), Optional.empty(), 100).size(),
                "no run without its consumption");
        assertEquals(List.of(x2), assets().pending(ETL, Set.of("x")), "x2 was not consumed by the refused insert");
        assertThrows(DuplicateKeyException.class, () -> assets().insertRunConsuming(assetRun(ETL, t(10)),
                List.of(x2.id())));
        assertEquals(List.of(x2), assets().pending(ETL, Set.of("x")), "nor by the duplicate run");
        assertTrue(assets().insertRunConsuming(assetRun(ETL, t(12)), List.of(x2.id())).isPresent());
        assertEquals(List.of(), assets().pending(ETL, Set.of("x")));
    }

    /**
     * Retention: an old event goes with its consumption rows unless it is its asset's newest, pending
     * for an active consumer, or a triggering event of a stored run; oldest first, in batches.
     */
    @Test
    default void purge_keeps_the_newest_the_pending_and_the_triggering_events() {
        ensureStandardDags();
        AssetEvent x0 = assets().record(external("x", t(0), Optional.empty()), Optional.empty()).event();
        assets().watch(ETL, Set.of("x"));
        assets().watch(REPORT, Set.of("x"));
        AssetEvent x1 = assets().record(external("x", t(1), Optional.empty()), Optional.empty()).event();
        AssetEvent x2 = assets().record(external("x", t(2), Optional.empty()), Optional.empty()).event();
        AssetEvent x3 = assets().record(external("x", t(3), Optional.empty()), Optional.empty()).event();
        AssetEvent x4 = assets().record(external("x", t(4), Optional.empty()), Optional.empty()).event();
        AssetEvent y1 = assets().record(external("y", t(1), Optional.empty()), Optional.empty()).event();
        AssetEvent late = assets().record(external("z", t(2000), Optional.empty()), Optional.empty()).event();
        assets().record(external("z", t(2001), Optional.empty()), Optional.empty());
        long run = assets().insertRunConsuming(assetRun(ETL, t(10)), List.of(x1.id())).orElseThrow();
        assets().drop(ETL, List.of(x2.id(), x3.id(), x4.id()), t(11));
        assets().drop(REPORT, List.of(x1.id(), x2.id()), t(11));
        // x0: before anyone watched; x2: dropped by both. x1 triggered a stored run, x3 and x4 are pending
        // for REPORT, x4 and y1 are the newest of their assets, late is younger than the cutoff.
        assertEquals(2, assets().countPurgeable(t(1000)));
        assertEquals(1, assets().purgeOlderThan(t(1000), 1), "one per batch, the oldest first");
        assertTrue(assets().find(x0.id()).isEmpty());
        assertTrue(assets().find(x2.id()).isPresent());
        assertEquals(1, assets().purgeOlderThan(t(1000), 10));
        assertEquals(0, assets().purgeOlderThan(t(1000), 10), "nothing left that may go");
        for (AssetEvent kept : List.of(x1, x3, x4, y1, late)) {
            assertEquals(Optional.of(kept), assets().find(kept.id()), "kept: " + kept);
        }
        assertEquals(List.of(x3, x4), assets().pending(REPORT, Set.of("x")));
        assertEquals(List.of(x1), assets().consumedBy(run));
        assertThrows(IllegalArgumentException.class, () -> assets().purgeOlderThan(t(1000), 0));

        // REPORT leaves the code: what only it waited for may go; the run goes: its trigger may go.
        store().dags().sync(Fixtures.standardDags().stream().filter(d -> !d.dagId().equals(REPORT)).toList(), t(20));
        assertEquals(1, assets().countPurgeable(t(1000)), "x3, pending only for an inactive DAG");
        assertTrue(store().dagRuns().transition(run, DagRunStatus.SCHEDULED, DagRunStatus.SUCCESS, t(30)));
        store().purgeFinishedRunsOlderThan(t(1000));
        assertEquals(2, assets().countPurgeable(t(1000)), "x1 and x3");
        assertEquals(2, assets().purgeOlderThan(t(1000), 10));
        for (AssetEvent kept : List.of(x4, y1, late)) {
            assertEquals(Optional.of(kept), assets().find(kept.id()), "still kept: " + kept);
        }
        assertEquals(List.of(), assets().pending(ETL, Set.of("x")), "ETL dropped x4: nothing pending for it");
    }
}
