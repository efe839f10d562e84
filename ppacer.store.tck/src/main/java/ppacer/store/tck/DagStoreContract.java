package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.store.tck.Fixtures.T0;
import static ppacer.store.tck.Fixtures.dag;
import static ppacer.store.tck.Fixtures.t;

import java.util.List;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.DagDefinition;
import ppacer.api.spi.DagRecord;
import ppacer.api.spi.DagStore;
import ppacer.api.spi.DagTaskRecord;
import ppacer.api.spi.SyncResult;

/** Contract of {@link DagStore}: sync, versions, activity and the paused flag. */
public interface DagStoreContract extends StoreUnderTest {
    private DagStore dags() {
        return store().dags();
    }

    private DagRecord dagRecord(String id) {
        return dags().find(id).orElseThrow(() -> new AssertionError("DAG " + id + " not found"));
    }

    /** A first sync inserts every DAG at version 1, active and not paused. */
    @Test
    default void sync_inserts_new_dags_at_version_one() {
        SyncResult r = dags().sync(List.of(dag("b", "fb", "x"), dag("a", "fa", "one", "two")), T0);
        assertEquals(List.of("a", "b"), r.inserted().stream().sorted().toList());
        assertEquals(List.of(), r.newVersions());
        assertEquals(List.of(), r.updated());
        DagRecord a = dagRecord("a");
        assertEquals(new DagRecord("a", "about a", List.of("test", "team-a"), "@every 1h", false, 1, "fa", 1, true,
                false, T0, T0), a);
        assertEquals(List.of("a", "b"), dags().list().stream().map(DagRecord::dagId).toList());
        List<DagTaskRecord> tasks = dags().currentTasks("a");
        assertEquals(List.of(
                new DagTaskRecord("a", 1, "one", "com.example.one", List.of(), 1, 1, "{\"timeout\":\"PT1M\",\"task\":\"one\"}"),
                new DagTaskRecord("a", 1, "two", "com.example.two", List.of("one"), 2, 1, "{\"timeout\":\"PT1M\",\"task\":\"two\"}")),
                tasks);
        assertEquals(tasks, dags().tasks("a", 1));
    }

    /** Syncing the same DAGs again changes nothing. */
    @Test
    default void sync_without_changes_reports_nothing() {
        List<DagDefinition> defs = List.of(dag("a", "fa", "one"));
        dags().sync(defs, T0);
        SyncResult r = dags().sync(defs, t(60));
        assertEquals(new SyncResult(List.of(), List.of(), List.of(), List.of(), List.of()), r);
        assertEquals(T0, dagRecord("a").updatedAt());
        assertEquals(1, dagRecord("a").version());
    }

    /** Tasks keep the stored (topological) order, not alphabetical order. */
    @Test
    default void current_tasks_keep_the_stored_order() {
        dags().sync(List.of(dag("a", "fa", "zeta", "alpha", "mid")), T0);
        assertEquals(List.of("zeta", "alpha", "mid"), dags().currentTasks("a").stream().map(DagTaskRecord::taskId).toList());
    }

    /** A changed fingerprint stores a new task version and keeps the old version's tasks. */
    @Test
    default void fingerprint_change_stores_a_new_version_and_keeps_old_tasks() {
        dags().sync(List.of(dag("a", "f1", "one", "two")), T0);
        SyncResult r2 = dags().sync(List.of(dag("a", "f2", "one", "three")), t(10));
        assertEquals(List.of("a"), r2.newVersions());
        assertEquals(List.of(), r2.updated());
        SyncResult r3 = dags().sync(List.of(dag("a", "f3", "four")), t(20));
        assertEquals(List.of("a"), r3.newVersions());
        DagRecord a = dagRecord("a");
        assertEquals(3, a.version());
        assertEquals("f3", a.fingerprint());
        assertEquals(T0, a.createdAt());
        assertEquals(t(20), a.updatedAt());
        assertEquals(List.of("four"), dags().currentTasks("a").stream().map(DagTaskRecord::taskId).toList());
        assertEquals(List.of("one", "two"), dags().tasks("a", 1).stream().map(DagTaskRecord::taskId).toList());
        assertEquals(List.of("one", "three"), dags().tasks("a", 2).stream().map(DagTaskRecord::taskId).toList());
        assertTrue(dags().tasks("a", 2).stream().allMatch(task -> task.version() == 2));
        assertEquals(List.of(), dags().tasks("a", 4));
    }

    /** Metadata changes without a fingerprint change update the DAG in place. */
    @Test
    default void metadata_change_updates_without_a_new_version() {
        DagDefinition d = dag("a", "fa", "one");
        dags().sync(List.of(d), T0);
        SyncResult r = dags().sync(List.of(Fixtures.withDescription(d, "new words")), t(5));
        assertEquals(List.of("a"), r.updated());
        assertEquals(List.of(), r.newVersions());
        DagRecord a = dagRecord("a");
        assertEquals("new words", a.description());
        assertEquals(1, a.version());
        assertEquals(t(5), a.updatedAt());
        DagDefinition other = new DagDefinition("a", "new words", List.of("x"), "@every 5m", true, 3, "fa", d.tasks());
        assertEquals(List.of("a"), dags().sync(List.of(other), t(6)).updated());
        a = dagRecord("a");
        assertEquals(List.of("x"), a.tags());
        assertEquals("@every 5m", a.schedule());
        assertTrue(a.catchUp());
        assertEquals(3, a.maxActiveRuns());
    }

    /** DAGs missing from the registry become inactive and come back when they return. */
    @Test
    default void missing_dags_are_deactivated_and_reactivated_on_return() {
        DagDefinition a = dag("a", "fa", "one");
        DagDefinition b = dag("b", "fb", "one");
        dags().sync(List.of(a, b), T0);
        SyncResult r = dags().sync(List.of(a), t(1));
        assertEquals(List.of("b"), r.deactivated());
        assertFalse(dagRecord("b").active());
        assertTrue(dagRecord("a").active());
        assertEquals(List.of("one"), dags().currentTasks("b").stream().map(DagTaskRecord::taskId).toList());
        assertEquals(List.of(), dags().sync(List.of(a), t(2)).deactivated(), "an inactive DAG is reported once");
        SyncResult back = dags().sync(List.of(a, b), t(3));
        assertEquals(List.of("b"), back.reactivated());
        assertEquals(List.of(), back.inserted());
        assertTrue(dagRecord("b").active());
        assertEquals(1, dagRecord("b").version());
        assertEquals(2, dags().list().size());
    }

    /** Sync never changes the paused flag; setPaused does. */
    @Test
    default void paused_flag_survives_sync() {
        DagDefinition a = dag("a", "fa", "one");
        dags().sync(List.of(a), T0);
        assertTrue(dags().setPaused("a", true, t(1)));
        assertTrue(dagRecord("a").paused());
        assertEquals(t(1), dagRecord("a").updatedAt());
        dags().sync(List.of(dag("a", "fb", "one")), t(2));
        dags().sync(List.of(), t(3));
        dags().sync(List.of(a), t(4));
        assertTrue(dagRecord("a").paused());
        assertTrue(dags().setPaused("a", false, t(5)));
        assertFalse(dagRecord("a").paused());
    }

    /** Pausing an unknown DAG reports false. */
    @Test
    default void set_paused_on_unknown_dag_is_false() {
        assertFalse(dags().setPaused("nope", true, T0));
        assertTrue(dags().find("nope").isEmpty());
        assertEquals(List.of(), dags().currentTasks("nope"));
    }
}
