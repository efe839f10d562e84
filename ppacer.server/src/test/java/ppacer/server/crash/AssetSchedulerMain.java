package ppacer.server.crash;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.schedule.AssetCondition;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/**
 * A scheduler process for the asset crash test: a SQLite file, DAG {@code producer} (task
 * {@code make} produces {@code x}) and DAG {@code consumer} scheduled on {@code x}, the HTTP API on a
 * free port, no executor. Arguments: {@code <sqlite file>}; prints {@code READY <port>}.
 */
public final class AssetSchedulerMain {
    private AssetSchedulerMain() {
    }

    static DagRegistry registry() {
        return DagRegistry.of(Dag.builder("producer").root(Node.of(Task.of("make", ctx -> { })).produces("x")).build(),
                Dag.builder("consumer").onAssets(AssetCondition.asset("x")).root(Node.of(Task.of("use", ctx -> { })))
                        .build());
    }

    public static void main(String[] args) throws InterruptedException {
        Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(registry()).storeUrl("jdbc:sqlite:" + Path.of(args[0]))
                .build());
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
