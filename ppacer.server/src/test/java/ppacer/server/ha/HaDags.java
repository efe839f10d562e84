package ppacer.server.ha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;

/**
 * The DAG of the failover tests, compiled into every scheduler and executor process: a root, five
 * parallel 150 ms tasks and a join. Every task has retries (an attempt handed out by a leader that
 * died before answering is judged by its lease and retried) and appends {@code END executor run
 * task attempt} to a shared journal when it succeeds.
 */
final class HaDags {
    static final String DAG = "wide";
    static final int TASKS = 7;

    private HaDags() {
    }

    private record Step(String id, Path journal, String executor, Duration sleep) implements Task {
        @Override
        public void execute(TaskContext ctx) throws Exception {
            long end = System.nanoTime() + sleep.toNanos();
            while (System.nanoTime() < end) {
                ctx.checkCancelled();
                Thread.sleep(Math.min(20, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            String l = "END " + executor + " " + ctx.runId() + " " + id + " " + ctx.attempt() + "\n";
            try {
                Files.writeString(journal, l, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static DagRegistry registry(Path journal, String executor) {
        TaskConfig config = TaskConfig.builder().retries(3).retryDelay(RetryDelay.constant(Duration.ofMillis(100)))
                .timeout(Duration.ofSeconds(5)).build();
        Node root = Node.of(new Step("root", journal, executor, Duration.ofMillis(20)), config);
        Node join = Node.of(new Step("join", journal, executor, Duration.ofMillis(20)), config);
        for (int i = 0; i < TASKS - 2; i++) {
            root.then(Node.of(new Step("w" + i, journal, executor, Duration.ofMillis(150)), config)).then(join);
        }
        return DagRegistry.of(java.util.List.of(Dag.builder(DAG).root(root).build()));
    }
}
