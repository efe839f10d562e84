package ppacer.scheduler.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ppacer.api.Dag;
import ppacer.api.DagRunStatus;
import ppacer.api.spi.AuditEntry;
import ppacer.api.spi.NewDagRun;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.scheduler.model.DagCatalog;
import ppacer.scheduler.model.SchedulerException;

/**
 * Creates many triggered runs of one DAG in one call (the batch trigger): what a single trigger does
 * per run, with the store round trips per batch instead of per run.
 *
 * <p>Logical times: each run's (or the call's time) is moved by a microsecond past the runs the DAG
 * already has and past the earlier runs of the batch, as a single trigger moves its run; the DAG's
 * runs in the range are read in ONE query ({@code DagRunStore.logicalTimes}), and only a run moved
 * past that range asks the store per step.
 *
 * <p>Writes: runs go to the store in chunks of at most {@value #CHUNK}, each chunk (runs, their
 * MANUALLY_TRIGGERED schedule events, and one audit row saying how many runs, which items and the
 * new ids' range) in one transaction. Admission: each run takes a slot as a single trigger does
 * ({@link RunAdmission#tryAcquire}, in memory): the first ones up to the DAG's free slots start
 * SCHEDULED, the rest wait QUEUED in order.
 *
 * <p>Failure handling: input is checked by the caller before anything is written. A chunk whose
 * transaction fails writes nothing and gives back its slots; chunks committed before it stay (they
 * are runs like any other), and the exception says which items were created and which were not.
 */
final class BatchTrigger {
    /** The most runs one store transaction of a batch takes. */
    static final int CHUNK = 5_000;

    private final Store store;
    private final DagCatalog catalog;
    private final RunAdmission admission;
    private final RunStarter starter;

    BatchTrigger(Store store, DagCatalog catalog, RunAdmission admission, RunStarter starter) {
        this.store = store;
        this.catalog = catalog;
        this.admission = admission;
        this.starter = starter;
    }

    /**
     * @param dag the DAG
     * @param params each run's parameters (valid JSON objects)
     * @param logicalTimes each run's wanted logical time, empty for {@code now}
     * @param now the trigger time
     * @param audit the action's audit row (one per chunk transaction)
     * @return the run ids, in the order of {@code params}
     */
    List<Long> trigger(Dag dag, List<String> params, List<Optional<Instant>> logicalTimes, Instant now, AuditEntry audit) {
        int n = params.size();
        List<Instant> times = logicalTimes(dag.id(), logicalTimes, now.truncatedTo(ChronoUnit.MICROS));
        Optional<String> bundle = catalog.bundleHash(dag);
        List<Long> ids = new ArrayList<>(n);
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            List<NewDagRun> runs = new ArrayList<>(to - from);
            List<ScheduleEvent> events = new ArrayList<>(to - from);
            boolean[] admitted = new boolean[to - from];
            int scheduled = 0;
            for (int i = from; i < to; i++) {
                admitted[i - from] = admission.tryAcquire(dag.id());
                scheduled += admitted[i - from] ? 1 : 0;
                Instant t = times.get(i);
                runs.add(new NewDagRun(dag.id(), t, admitted[i - from] ? DagRunStatus.SCHEDULED : DagRunStatus.QUEUED,
                        params.get(i), ScheduleEventType.MANUALLY_TRIGGERED, dag.size(), now, bundle));
                events.add(new ScheduleEvent(dag.id(), ScheduleEventType.MANUALLY_TRIGGERED, Optional.of(t), Optional.of(t), now));
            }
            String after = (to - from) + " runs (items " + from + "-" + (to - 1) + " of " + n + "): " + scheduled
                    + " SCHEDULED, " + (to - from - scheduled) + " QUEUED";
            List<Long> chunk;
            try {
                chunk = store.dagRuns().insertAll(runs, events, Optional.of(audit.withAfter(after)));
            } catch (RuntimeException e) {
                for (boolean a : admitted) {
                    if (a) {
                        admission.release(new RunAdmission.Slot(dag.id(), false));
                    }
                }
                if (from == 0) {
                    throw e;
                }
                throw new SchedulerException("Batch trigger of DAG '" + dag.id() + "' stopped after item " + (from - 1)
                        + ": items 0-" + (from - 1) + " were created (runs #" + ids.getFirst() + "..#" + ids.getLast()
                        + "), items " + from + "-" + (n - 1) + " were not: " + e.getMessage(), e);
            }
            List<RunStarter.Start> starts = new ArrayList<>(scheduled);
            for (int k = 0; k < chunk.size(); k++) {
                NewDagRun r = runs.get(k);
                if (admitted[k]) {
                    starts.add(new RunStarter.Start(dag, chunk.get(k), r.logicalTime(), r.paramsJson(), false, false, bundle));
                } else {
                    admission.enqueue(new RunAdmission.Waiting(dag.id(), chunk.get(k), r.logicalTime(), r.paramsJson(), false,
                            bundle));
                }
            }
            if (!starts.isEmpty()) {
                starter.startAll(starts);
            }
            ids.addAll(chunk);
        }
        return List.copyOf(ids);
    }

    /** Each wanted time moved by a microsecond past the DAG's runs and the batch's earlier runs. */
    private List<Instant> logicalTimes(String dagId, List<Optional<Instant>> wanted, Instant now) {
        List<Instant> times = new ArrayList<>(wanted.size());
        Instant min = null;
        Instant max = null;
        for (Optional<Instant> w : wanted) {
            Instant t = w.orElse(now);
            times.add(t);
            min = min == null || t.isBefore(min) ? t : min;
            max = max == null || t.isAfter(max) ? t : max;
        }
        // every move passes a taken time (the DAG's or an earlier item's): runs wanted at one time continue
        // from where the previous one stopped (a cursor per wanted time), so n runs at "now" cost n steps,
        // and they stay within 2n microseconds of the latest wanted time unless the DAG's runs are dense
        // right there; beyond the range read, the store answers per step
        Instant upper = max.plus(2L * wanted.size() + 1000, ChronoUnit.MICROS);
        Set<Instant> taken = new HashSet<>(store.dagRuns().logicalTimes(dagId, min, upper));
        java.util.Map<Instant, Instant> cursor = new java.util.HashMap<>();
        for (int i = 0; i < times.size(); i++) {
            Instant w = times.get(i);
            Instant t = cursor.getOrDefault(w, w);
            while (isTaken(dagId, t, taken, upper)) {
                t = t.plus(1, ChronoUnit.MICROS);
            }
            taken.add(t);
            cursor.put(w, t.plus(1, ChronoUnit.MICROS));
            times.set(i, t);
        }
        return times;
    }

    private boolean isTaken(String dagId, Instant t, Set<Instant> taken, Instant upper) {
        return taken.contains(t) || t.isAfter(upper) && store.dagRuns().find(dagId, t).isPresent();
    }
}
