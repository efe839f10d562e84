package ppacer.server.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.StoreException;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.SchedulerState;

/** SQLite stays single-scheduler: a second scheduler on the same file is refused at start, clearly. */
class SqliteSingleSchedulerTest {
    @TempDir
    Path dir;

    private SchedulerConfig config() {
        return SchedulerConfig.builder(HaDags.registry(dir.resolve("journal.txt"), "none"))
                .storeUrl("jdbc:sqlite:" + dir.resolve("one.db")).build();
    }

    @Test
    void a_second_scheduler_on_the_same_sqlite_file_is_refused_at_start() {
        try (Scheduler first = Scheduler.start(config())) {
            assertEquals(SchedulerState.RUNNING, first.state());
            assertTrue(first.leaderStatus().leader() && first.leaderStatus().epoch() >= 1, first.leaderStatus().toString());
            StoreException e = assertThrows(StoreException.class, () -> Scheduler.start(config()));
            assertTrue(e.getMessage().contains("already used by another scheduler") && e.getMessage().contains("one.db"),
                    e.getMessage());
            long runId = first.trigger(HaDags.DAG, "{}");
            assertTrue(first.store().dagRuns().find(runId).isPresent(), "the first scheduler goes on undisturbed");
        }
        try (Scheduler again = Scheduler.start(config())) {
            assertEquals(SchedulerState.RUNNING, again.state(), "the file is free once the first one stopped");
        }
    }
}
