package ppacer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.testkit.CountingStore;
import ppacer.testkit.Tasks;

/** With nothing due, the scheduler neither wakes up nor queries the store. */
class IdleTest {
    @TempDir
    Path dir;

    @Test
    void with_100_dags_and_nothing_due_the_scheduler_does_no_work_for_10_seconds() throws Exception {
        Tasks tasks = new Tasks();
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1)); // the real clock: a real 10 s window, once
        List<Dag> dags = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            dags.add(Dag.builder("dag" + i).schedule(Schedule.every(Duration.ofHours(1), tomorrow))
                    .root(Node.of(tasks.ok("t"))).build());
        }
        try (Store real = Stores.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("x.db")))) {
            CountingStore counting = new CountingStore(real);
            Scheduler s = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(dags)).store(counting.store()).build());
            try {
                // start-up work (sync, recovery, the loops' first passes) may still run on the loops' threads just
                // after start returns: the window begins once the store calls stopped changing for a second
                long calls = settled(counting);
                SchedulerStats before = s.stats();
                Thread.sleep(Duration.ofSeconds(10)); // the measurement window itself, not a synchronisation
                SchedulerStats after = s.stats();
                assertEquals(calls, counting.calls(), "store calls while idle");
                assertEquals(before.watcherWakeUps(), after.watcherWakeUps(), "watcher wake-ups while idle");
                assertEquals(before.leaseMonitorWakeUps(), after.leaseMonitorWakeUps(), "lease monitor wake-ups while idle");
                assertEquals(0, after.activeRuns());
            } finally {
                s.close();
            }
        }
    }

    private static long settled(CountingStore counting) throws InterruptedException {
        long last = counting.calls();
        for (int i = 0; i < 60; i++) {
            Thread.sleep(Duration.ofSeconds(1));
            long now = counting.calls();
            if (now == last) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the scheduler kept calling the store for a minute after its start: " + last + " calls");
    }
}
