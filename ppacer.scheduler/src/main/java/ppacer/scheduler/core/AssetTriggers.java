package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import ppacer.api.AssetEvent;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.schedule.AssetCondition;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;

/**
 * Creates the runs of DAGs scheduled on assets, in the DAG-run watcher's pass.
 *
 * <p>Per consumer DAG and pass: when it is paused, its pending events stay (or are dropped with
 * {@code dropWhilePaused}); when it has an unfinished run (active or QUEUED, outside backfills), its
 * pending events wait for the pass after that run ends, and then all go into one run; otherwise, when
 * its condition holds on the assets of its pending events, one run is created that consumes every
 * pending event of its assets. The run and its consumption rows are one commit ({@link
 * ppacer.api.spi.AssetStore#insertRunConsuming}): a crash before it leaves the events pending, a crash
 * after it leaves them consumed, so each event starts at most one run of each consumer and none is
 * lost across a restart or a failover.
 *
 * <p>No polling: the watcher passes when an event is recorded (a task success or an API post wakes
 * it), when a run finishes and when a DAG is unpaused; a pass reads the store once per consumer DAG.
 */
final class AssetTriggers {
    private static final System.Logger LOG = System.getLogger(AssetTriggers.class.getName());
    /** Most logical-time bumps when the consumer already has runs at the same microseconds. */
    private static final int MAX_BUMPS = 1000;

    private final Store store;
    /** The DAGs new runs use (they change when DAG bundles are deployed). */
    private final java.util.function.Supplier<DagRegistry> dags;
    private final RunAdmission admission;
    private final boolean dropWhilePaused;

    AssetTriggers(Store store, java.util.function.Supplier<DagRegistry> dags, RunAdmission admission,
                  boolean dropWhilePaused) {
        this.store = store;
        this.dags = dags;
        this.admission = admission;
        this.dropWhilePaused = dropWhilePaused;
    }

    /**
     * Makes every consumer DAG watch its assets (events recorded before a DAG first watches one do not
     * start it); again after the DAGs changed, for the new consumers (watching is idempotent).
     */
    void init() {
        for (Dag dag : dags.get().dags()) {
            dag.assetCondition().ifPresent(c -> store.assets().watch(dag.id(), c.assets()));
        }
    }

    /**
     * Creates the runs whose asset condition holds; admitted ones go to {@code toStart}, the others
     * wait QUEUED.
     *
     * @param now the pass time
     * @param events where the ASSET_TRIGGERED schedule events go
     * @param toStart the admitted runs to start
     */
    void pass(Instant now, List<ScheduleEvent> events, List<RunAdmission.Waiting> toStart) {
        DagRegistry registry = dags.get();
        for (Dag dag : registry.dags()) {
            if (dag.assetCondition().isEmpty()) {
                continue;
            }
            try {
                consider(dag, registry.bundleHash(dag.id()), dag.assetCondition().get(), now, events, toStart);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not create the asset-triggered run of DAG '" + dag.id()
                        + "'; its events stay pending for the next pass", e);
            }
        }
    }

    private void consider(Dag dag, Optional<String> bundleHash, AssetCondition condition, Instant now,
                          List<ScheduleEvent> events, List<RunAdmission.Waiting> toStart) {
        if (admission.paused(dag.id())) {
            if (dropWhilePaused) {
                List<Long> ids = store.assets().pending(dag.id(), condition.assets()).stream().map(AssetEvent::id).toList();
                int n = store.assets().drop(dag.id(), ids, now);
                if (n > 0) {
                    LOG.log(Level.INFO, "DAG '" + dag.id() + "' is paused: dropped " + n + " asset events");
                }
            }
            return;
        }
        if (admission.activeOutsideBackfills(dag.id()) + admission.queued(dag.id()) > 0) {
            return; // queued into the run after the unfinished one: this pass runs again when it ends
        }
        List<AssetEvent> pending = store.assets().pending(dag.id(), condition.assets());
        if (!condition.satisfiedBy(updated(pending))) {
            return;
        }
        List<Long> ids = pending.stream().map(AssetEvent::id).toList();
        boolean admitted = admission.tryAcquire(dag.id());
        DagRunStatus status = admitted ? DagRunStatus.SCHEDULED : DagRunStatus.QUEUED;
        Instant t = now.truncatedTo(ChronoUnit.MICROS);
        OptionalLong runId = OptionalLong.empty();
        try {
            for (int bumps = 0; ; bumps++) {
                try {
                    runId = store.assets().insertRunConsuming(new NewDagRun(dag.id(), t, status, "{}",
                            ScheduleEventType.ASSET_TRIGGERED, dag.size(), now, bundleHash), ids);
                    break;
                } catch (DuplicateKeyException e) {
                    if (bumps == MAX_BUMPS) {
                        throw e;
                    }
                    t = t.plus(1, ChronoUnit.MICROS); // a time run (cron or assets) at the same instant
                }
            }
        } finally {
            if (runId.isEmpty() && admitted) {
                admission.release(new RunAdmission.Slot(dag.id(), false));
            }
        }
        if (runId.isEmpty()) {
            LOG.log(Level.INFO, "The asset events " + ids + " of DAG '" + dag.id() + "' were consumed meanwhile; no run");
            return;
        }
        events.add(new ScheduleEvent(dag.id(), ScheduleEventType.ASSET_TRIGGERED, Optional.of(t), Optional.empty(), now));
        RunAdmission.Waiting w = new RunAdmission.Waiting(dag.id(), runId.getAsLong(), t, "{}", false, bundleHash);
        if (admitted) {
            toStart.add(w);
        } else {
            admission.enqueue(w);
        }
    }

    /**
     * @param pending pending events
     * @return the assets they are of
     */
    static Set<String> updated(List<AssetEvent> pending) {
        Set<String> out = new LinkedHashSet<>();
        pending.forEach(e -> out.add(e.asset()));
        return out;
    }
}
