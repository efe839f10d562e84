package crash.dags;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagSource;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * {@code crash_bench}: a root fanning out to four tasks that each take {@code CRASH_BENCH_SLEEP_MS}
 * (default 15 s), then a join. Every task start appends {@code START <runId> <taskId> <attempt>
 * <epoch ms> <pid>} to the file named by {@code CRASH_BENCH_JOURNAL}. Default task settings: 10
 * minutes timeout, no retries.
 */
public final class CrashDags implements DagSource {
    /** Found by ServiceLoader. */
    public CrashDags() {
    }

    private record Sleep(String id, Duration sleep) implements Task {
        @Override
        public void execute(TaskContext ctx) throws Exception {
            String journal = System.getenv("CRASH_BENCH_JOURNAL");
            if (journal != null) {
                String line = "START " + ctx.runId() + " " + id + " " + ctx.attempt() + " " + System.currentTimeMillis()
                        + " " + ProcessHandle.current().pid() + "\n";
                write(Path.of(journal), line);
            }
            long end = System.nanoTime() + sleep.toNanos();
            while (System.nanoTime() < end) {
                ctx.checkCancelled();
                Thread.sleep(20);
            }
        }

        private static void write(Path journal, String line) throws IOException {
            Files.writeString(journal, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    @Override
    public List<Dag> dags() {
        String ms = System.getenv("CRASH_BENCH_SLEEP_MS");
        Duration sleep = Duration.ofMillis(ms == null ? 15_000 : Long.parseLong(ms));
        Node root = Node.of(new Sleep("root", Duration.ZERO));
        Node join = Node.of(new Sleep("join", Duration.ZERO));
        for (int i = 0; i < 4; i++) {
            root.then(Node.of(new Sleep("long" + i, sleep))).then(join);
        }
        return List.of(Dag.builder("crash_bench")
                .description("bin/crash-restart: four long tasks in flight when ppacer run is killed")
                .root(root)
                .build());
    }
}
