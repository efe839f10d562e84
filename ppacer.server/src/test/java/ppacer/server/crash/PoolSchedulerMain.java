package ppacer.server.crash;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/**
 * A scheduler process for the pool crash test: a SQLite file, pool {@code warehouse} of 2 slots, DAG
 * {@code pooled} of three tasks in it, and the HTTP API on a free port, without an executor (the
 * test takes attempts over HTTP as a remote executor). Arguments: {@code <sqlite file>}; prints
 * {@code READY <port>}.
 */
public final class PoolSchedulerMain {
    private PoolSchedulerMain() {
    }

    static DagRegistry registry() {
        TaskConfig pooled = TaskConfig.builder().pool("warehouse").build();
        return DagRegistry.of(Dag.builder("pooled").root(Node.of(Task.of("p0", ctx -> { }), pooled),
                Node.of(Task.of("p1", ctx -> { }), pooled), Node.of(Task.of("p2", ctx -> { }), pooled)).build());
    }

    public static void main(String[] args) throws InterruptedException {
        Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(registry()).storeUrl("jdbc:sqlite:" + Path.of(args[0]))
                .pool("warehouse", 2).build());
        SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            scheduler.close();
            done.countDown();
        }));
        System.out.println("READY " + server.port());
        System.out.flush();
        done.await();
    }
}
