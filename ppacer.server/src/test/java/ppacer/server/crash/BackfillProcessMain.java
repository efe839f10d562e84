package ppacer.server.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.schedule.Schedule;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;

/**
 * {@code ppacer run} in a child JVM for the backfill crash test: a scheduler on a SQLite file, its
 * HTTP API and an in-process executor. DAG {@code daily}: daily from 2024-01-01 UTC, no catch-up,
 * two tasks of 20 ms each. Arguments: {@code <sqlite file>}; prints {@code READY <port>}.
 */
public final class BackfillProcessMain {
    private BackfillProcessMain() {
    }

    static DagRegistry registry() {
        Node load = Node.of(Task.of("load", ctx -> Thread.sleep(20)));
        load.then(Node.of(Task.of("check", ctx -> Thread.sleep(20))));
        return DagRegistry.of(Dag.builder("daily").schedule(Schedule.every(Duration.ofDays(1),
                Instant.parse("2024-01-01T00:00:00Z"))).catchUp(false).root(load).build());
    }

    /**
     * @param args the SQLite file
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        RunProcessMain.serve(Scheduler.start(SchedulerConfig.builder(registry()).storeUrl("jdbc:sqlite:" + Path.of(args[0]))
                .build()));
    }
}
