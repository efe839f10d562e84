package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.REPORT;
import static ppacer.store.tck.Fixtures.T0;
import static ppacer.store.tck.Fixtures.attempt;
import static ppacer.store.tck.Fixtures.key;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.DuplicateKeyException;
import ppacer.api.spi.ScheduleEvent;
import ppacer.api.spi.ScheduleEventType;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.TaskLogRecord;
import ppacer.store.tck.Fixtures;
import ppacer.store.tck.SmallDisk;

/**
 * A really full disk (a small tmpfs filled up): SQLite fails the writes and rolls their
 * transaction back by itself; no write reported failed may be committed, and once the disk is freed
 * the same store writes again, one transaction per write, without a restart.
 */
class SqliteDiskFullTest {
    private static final int THREADS = 4;
    private static final int WRITES_PER_THREAD = 10;
    private static final String BIG = "x".repeat(256 * 1024);

    @TempDir
    Path dir;

    @Test
    void writes_failed_on_a_full_disk_are_not_committed_and_the_writer_recovers_without_restart() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("mnt"), "4m");
             Store store = new SqliteStoreProvider().open(StoreConfig.of("jdbc:sqlite:" + disk.dir().resolve("ppacer.db")))) {
            store.dags().sync(Fixtures.standardDags(), T0);
            long run = store.dagRuns().insert(Fixtures.run(ETL, T0));
            store.attempts().insert(List.of(attempt(run, "extract", 0, T0)));

            disk.fill();
            AttemptKey refusedKey = key(run, "refused", 0);
            assertThrows(StoreException.class, () -> store.taskLogs().append(bigRecords(refusedKey, 5)),
                    "1.25 MB of logs on a full disk");

            // concurrent callers share batches: small schedule events (which may still fit) and big logs (which cannot)
            Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        String id = thread + "-" + i;
                        try {
                            if (i % 2 == 0) {
                                store.scheduleEvents().insert(List.of(event(thread, i)));
                            } else {
                                store.taskLogs().append(bigRecords(key(run, "t" + id, 0), 1));
                            }
                            acknowledged.put(id, true);
                        } catch (StoreException e) {
                            acknowledged.put(id, false);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(THREADS * WRITES_PER_THREAD, acknowledged.size());
            assertTrue(acknowledged.entrySet().stream().anyMatch(e -> !e.getValue()), "some writes failed on the full disk");

            disk.free();
            // read through the read connections: what the writer committed, whatever state it is in
            Set<Long> storedEvents = store.scheduleEvents().recent(REPORT, 1000).stream()
                    .map(e -> e.createdAt().toEpochMilli()).collect(Collectors.toSet());
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < WRITES_PER_THREAD; i++) {
                    String id = t + "-" + i;
                    boolean stored = i % 2 == 0 ? storedEvents.contains(event(t, i).createdAt().toEpochMilli())
                            : store.taskLogs().read(key(run, "t" + id, 0), 0, 1).total() > 0;
                    assertEquals(acknowledged.get(id), stored, "write " + id + " was " + (acknowledged.get(id)
                            ? "acknowledged" : "reported failed") + " but is " + (stored ? "" : "not ") + "stored");
                }
            }

            // the first write after the disk was freed: whatever it answers must be what is stored, and it succeeds
            AttemptKey after = key(run, "after", 0);
            StoreException afterFailure = null;
            try {
                store.taskLogs().append(bigRecords(after, 5)); // same store, no restart
            } catch (StoreException e) {
                afterFailure = e;
            }
            assertEquals(afterFailure == null ? 5 : 0, store.taskLogs().read(after, 0, 10).total(),
                    "records stored by the write after the disk was freed, which " + (afterFailure == null ? "succeeded"
                            : "was reported failed: " + afterFailure.getMessage()));
            assertEquals(null, afterFailure, "the write after the disk was freed fails");
            assertEquals(0, store.taskLogs().read(refusedKey, 0, 10).total(), "a refused write left nothing");

            // one transaction per write again: a write failing on its second row leaves its first row out
            assertThrows(DuplicateKeyException.class, () -> store.attempts().insert(List.of(
                    attempt(run, "load", 0, T0), attempt(run, "extract", 0, T0))));
            assertFalse(store.attempts().find(key(run, "load", 0)).isPresent(), "the first row of a failed write");
            store.attempts().insert(List.of(attempt(run, "load", 0, T0)));
            assertTrue(store.attempts().find(key(run, "load", 0)).isPresent());
        }
    }

    private static ScheduleEvent event(int thread, int i) {
        return new ScheduleEvent(REPORT, ScheduleEventType.MANUALLY_TRIGGERED, Optional.empty(), Optional.empty(),
                T0.plusMillis(1000L * thread + i));
    }

    private static List<TaskLogRecord> bigRecords(AttemptKey key, int n) {
        List<TaskLogRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new TaskLogRecord(key, T0.plusSeconds(i), "INFO", BIG, "{}"));
        }
        return records;
    }
}
