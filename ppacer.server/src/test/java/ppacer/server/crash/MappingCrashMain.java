package ppacer.server.crash;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskAttemptStore;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.testkit.StoreProxy;

/**
 * {@code ppacer run} with a mapped task, in a child JVM for {@link MappingCrashTest}. Arguments:
 * {@code <sqlite file> <dir> stall|normal}; prints {@code READY <port>}.
 *
 * <p>DAG {@code mapped}: {@code extract} (outputs a list of 4 files) → {@code load} (mapped over it)
 * → {@code report}; every task journals {@code START <pid> <runId> <task id> <attempt>} to
 * {@code <dir>/journal.txt}. With {@code stall}, the store blocks the insert of the instances of
 * {@code load} for good, after the SUCCESS of {@code extract} (with the expansion) was committed,
 * and writes {@code <dir>/between}: the test kills the JVM there.
 */
public final class MappingCrashMain {
    private MappingCrashMain() {
    }

    private record Journaled(String id, Path dir) implements Task {
        @Override
        public void execute(TaskContext ctx) throws Exception {
            String l = "START " + ProcessHandle.current().pid() + " " + ctx.runId() + " " + ctx.taskId() + " "
                    + ctx.attempt() + "\n";
            Files.writeString(dir.resolve("journal.txt"), l, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (id.equals("extract")) {
                ctx.output(List.of("a.csv", "b.csv", "c.csv", "d.csv"));
            } else if (ctx.mapIndex().isPresent()) {
                ctx.output(ctx.mapItem(String.class).toUpperCase(java.util.Locale.ROOT));
            }
        }
    }

    static DagRegistry registry(Path dir) {
        Node extract = Node.of(new Journaled("extract", dir));
        extract.then(Node.of(new Journaled("load", dir)).mapOver("extract")).then(Node.of(new Journaled("report", dir)));
        return DagRegistry.of(Dag.builder("mapped").root(extract).build());
    }

    /** The store, which in {@code stall} mode never inserts the attempts of the instances of load. */
    private static Store store(Path db, Path dir, boolean stall) {
        Store real = Stores.open(StoreConfig.of("jdbc:sqlite:" + db));
        if (!stall) {
            return real;
        }
        return StoreProxy.wrap(real, (type, m, args, call) -> {
            if (type == TaskAttemptStore.class && m.getName().equals("insert") && ((List<?>) args[0]).stream()
                    .map(a -> ((NewAttempt) a).key().taskId()).anyMatch(t -> t.startsWith("load["))) {
                Files.writeString(dir.resolve("between"), "the expansion is committed, the instances not");
                Thread.sleep(Long.MAX_VALUE); // killed here
            }
            return call.proceed();
        });
    }

    /**
     * @param args the SQLite file, the journal directory, stall or normal
     * @throws InterruptedException never: the process is killed or ends with its scheduler
     */
    public static void main(String[] args) throws InterruptedException {
        Path db = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        RunProcessMain.serve(Scheduler.start(SchedulerConfig.builder(registry(dir))
                .store(store(db, dir, args[2].equals("stall"))).build()));
    }
}
