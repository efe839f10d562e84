package ppacer.server.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.server.InProcessWorker;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.server.WorkerConfig;

/**
 * What {@code ppacer run} is, in a child JVM for the crash tests: a scheduler with the default
 * settings on a SQLite file, its HTTP API on a free port and an in-process executor with the
 * default settings. Arguments: {@code <sqlite file> <dir>}; prints {@code READY <port>}.
 *
 * <p>DAG {@code interrupted}: task {@code work} (default config: 10 minutes timeout, no retries)
 * journals {@code START <pid> <runId> <attempt>} to {@code <dir>/journal.txt}, waits until
 * {@code <dir>/release} exists, journals {@code END ...}; then task {@code after} runs.
 */
public final class RunProcessMain {
    private RunProcessMain() {
    }

    private record WaitForFile(String id, Path dir) implements Task {
        @Override
        public void execute(TaskContext ctx) throws Exception {
            line("START", ctx);
            while (!Files.exists(dir.resolve("release"))) {
                ctx.checkCancelled();
                Thread.sleep(20);
            }
            line("END", ctx);
        }

        private void line(String what, TaskContext ctx) throws IOException {
            String l = what + " " + ProcessHandle.current().pid() + " " + ctx.runId() + " " + id + " " + ctx.attempt() + "\n";
            Files.writeString(dir.resolve("journal.txt"), l, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    static DagRegistry registry(Path dir) {
        Node work = Node.of(new WaitForFile("work", dir));
        work.then(Node.of(new WaitForFile("after", dir)));
        return DagRegistry.of(Dag.builder("interrupted").root(work).build());
    }

    public static void main(String[] args) throws InterruptedException {
        Path db = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        serve(Scheduler.start(SchedulerConfig.builder(registry(dir)).storeUrl("jdbc:sqlite:" + db).build()));
    }

    /**
     * Serves a started scheduler as {@code ppacer run} does: its HTTP API on a free port and an
     * in-process executor with the default settings; prints {@code READY <port>} and returns when the
     * JVM stops (SIGTERM closes everything; SIGKILL is what the crash tests send).
     *
     * @param scheduler the scheduler
     * @throws InterruptedException when interrupted while serving
     */
    static void serve(Scheduler scheduler) throws InterruptedException {
        SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0));
        InProcessWorker worker = InProcessWorker.start(scheduler, WorkerConfig.defaults());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            server.close();
            scheduler.close();
            done.countDown();
        }));
        System.out.println("READY " + server.port());
        System.out.flush();
        done.await();
    }
}
