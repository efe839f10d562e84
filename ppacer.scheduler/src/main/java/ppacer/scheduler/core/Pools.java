package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagTask;
import ppacer.api.TaskStatus;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DagRunRecord;
import ppacer.api.spi.PoolRecord;
import ppacer.api.spi.Store;
import ppacer.api.spi.TaskAttemptRecord;
import ppacer.scheduler.model.PoolUsage;

/**
 * Pool sizes between the configuration and the store, and pool usage as the store shows it.
 *
 * <p>Precedence: the configuration seeds the store when leadership is gained. A configured pool
 * missing from the store is inserted; one whose stored size was last set by the configuration
 * ({@link PoolRecord#CONFIG}) follows the configuration; one set at run time by an operator keeps
 * the operator's size (until it is deleted, after which the configuration seeds it again).
 */
public final class Pools {
    private static final System.Logger LOG = System.getLogger(Pools.class.getName());

    private Pools() {
    }

    /**
     * Seeds the configured pools into the store (see the precedence above) and reads every pool.
     *
     * @param fenced the store, fenced by the leader epoch
     * @param configured configured sizes by name
     * @param now the time written
     * @return every stored pool, by name
     */
    public static List<PoolRecord> seed(Store fenced, Map<String, Integer> configured, Instant now) {
        Map<String, PoolRecord> stored = new LinkedHashMap<>();
        for (PoolRecord p : fenced.pools().list()) {
            stored.put(p.name(), p);
        }
        for (Map.Entry<String, Integer> c : new TreeMap<>(configured).entrySet()) {
            PoolRecord old = stored.get(c.getKey());
            if (old == null || (old.updatedBy().equals(PoolRecord.CONFIG) && old.slots() != c.getValue())) {
                fenced.pools().put(new PoolRecord(c.getKey(), c.getValue(), now, PoolRecord.CONFIG));
            } else if (old.slots() != c.getValue()) {
                LOG.log(Level.INFO, "Pool ''{0}'' keeps {1} slots set by {2} at {3}; the configuration says {4}",
                        c.getKey(), old.slots(), old.updatedBy(), old.updatedAt(), c.getValue());
            }
        }
        return fenced.pools().list();
    }

    /**
     * @param registry the DAGs
     * @return the pools that tasks of the registry declare, by name
     */
    public static TreeSet<String> declared(DagRegistry registry) {
        TreeSet<String> out = new TreeSet<>();
        for (Dag d : registry.dags()) {
            for (DagTask t : d.tasks()) {
                t.config().pool().ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Logs each pool that tasks declare but that is not defined: their attempts wait until it is.
     *
     * @param registry the DAGs
     * @param defined the defined pools
     */
    public static void warnUndefined(DagRegistry registry, List<PoolRecord> defined) {
        TreeSet<String> missing = declared(registry);
        defined.forEach(p -> missing.remove(p.name()));
        for (String name : missing) {
            LOG.log(Level.WARNING, "Pool ''{0}'' is declared by tasks but not defined (configuration pools: or "
                    + "ppacer pool set {0} SLOTS); their attempts wait until it is", name);
        }
    }

    /**
     * Pool usage from the store alone (a standby's view, and a check independent of the leader's
     * memory): holders are the RUNNING attempts of tasks declaring the pool, waiting the SCHEDULED ones.
     *
     * @param store the store
     * @param registry the DAGs (a task's pool and slots come from its DAG's definition)
     * @return every pool defined or declared by a task with an unfinished attempt, by name
     */
    public static List<PoolUsage> fromStore(Store store, DagRegistry registry) {
        Map<Long, String> dagOfRun = new HashMap<>();
        for (DagRunRecord r : store.dagRuns().unfinished()) {
            dagOfRun.put(r.runId(), r.dagId());
        }
        Map<String, PoolRecord> defined = new TreeMap<>();
        store.pools().list().forEach(p -> defined.put(p.name(), p));
        Map<String, int[]> counts = new TreeMap<>(); // used, waiting
        Map<String, List<AttemptKey>> holders = new HashMap<>();
        defined.keySet().forEach(n -> counts.put(n, new int[2]));
        for (TaskAttemptRecord a : store.attempts().unfinished()) {
            Optional<DagTask> task = Optional.ofNullable(dagOfRun.get(a.key().runId())).flatMap(registry::find)
                    .flatMap(d -> d.task(a.key().taskId()));
            if (task.isEmpty() || task.get().config().pool().isEmpty()) {
                continue;
            }
            String pool = task.get().config().pool().get();
            int[] c = counts.computeIfAbsent(pool, n -> new int[2]);
            if (a.status() == TaskStatus.RUNNING) {
                c[0] += task.get().config().poolSlots();
                holders.computeIfAbsent(pool, n -> new ArrayList<>()).add(a.key());
            } else if (a.status() == TaskStatus.SCHEDULED) {
                c[1]++;
            }
        }
        List<PoolUsage> out = new ArrayList<>(counts.size());
        counts.forEach((name, c) -> {
            PoolRecord p = defined.get(name);
            out.add(new PoolUsage(name, p == null ? 0 : p.slots(), c[0], c[1], p != null,
                    holders.getOrDefault(name, List.of())));
        });
        return out;
    }
}
