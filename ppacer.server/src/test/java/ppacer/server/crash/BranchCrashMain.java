package ppacer.server.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import ppacer.api.BranchTask;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;
import ppacer.api.TriggerRule;
import ppacer.api.spi.NewAttempt;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskAttemptStore;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.testkit.StoreProxy;

/**
 * {@code ppacer run} with a branching DAG, in a child JVM for {@link BranchDecisionCrashTest}.
 * Arguments: {@code <sqlite file> <dir> stall|normal}; prints {@code READY <port>}.
 *
 * <p>DAG {@code branchy}: {@code decide} (a branch choosing {@code load_delta}) → {@code load_full},
 * {@code load_delta} → {@code join} ({@code NONE_FAILED_MIN_ONE_SUCCESS}); every task journals
 * {@code START <pid> <runId> <task> <attempt>} to {@code <dir>/journal.txt}. With {@code stall}, the
 * store blocks the insert of the branch's children for good, after the branch's SUCCESS (with its
 * decision) was committed, and writes {@code <dir>/between}: the test kills the JVM there.
 */
public final class BranchCrashMain {
    private BranchCrashMain() {
    }

    private static void journal(Path dir, String task, TaskContext ctx) throws IOException {
        String l = "START " + ProcessHandle.current().pid() + " " + ctx.runId() + " " + task + " " + ctx.attempt() + "\n";
        Files.writeString(dir.resolve("journal.txt"), l, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private record Journaled(String id, Path dir) implements Task {
        @Override
        public void execute(TaskContext ctx) throws Exception {
            journal(dir, id, ctx);
        }
    }

    private record Decide(Path dir) implements BranchTask {
        @Override
        public String id() {
            return "decide";
        }

        @Override
        public Collection<String> choose(TaskContext ctx) throws IOException {
            journal(dir, "decide", ctx);
            return List.of("load_delta");
        }
    }

    static DagRegistry registry(Path dir) {
        Node decide = Node.of(new Decide(dir));
        decide.then(Node.of(new Journaled("load_full", dir)), Node.of(new Journaled("load_delta", dir)))
                .then(Node.of(new Journaled("join", dir),
                        TaskConfig.builder().triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS).build()));
        return DagRegistry.of(Dag.builder("branchy").root(decide).build());
    }

    /** The store, which in {@code stall} mode never inserts the attempts of the branch's children. */
    private static Store store(Path db, Path dir, boolean stall) {
        Store real = Stores.open(StoreConfig.of("jdbc:sqlite:" + db));
        if (!stall) {
            return real;
        }
        return StoreProxy.wrap(real, (type, m, args, call) -> {
            if (type == TaskAttemptStore.class && m.getName().equals("insert") && ((List<?>) args[0]).stream()
                    .map(a -> ((NewAttempt) a).key().taskId()).anyMatch(t -> t.startsWith("load_"))) {
                Files.writeString(dir.resolve("between"), "the branch decision is committed, its children not");
                Thread.sleep(Long.MAX_VALUE); // killed here
            }
            return call.proceed();
        });
    }

    public static void main(String[] args) throws InterruptedException {
        Path db = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        RunProcessMain.serve(Scheduler.start(SchedulerConfig.builder(registry(dir))
                .store(store(db, dir, args[2].equals("stall"))).build()));
    }
}
