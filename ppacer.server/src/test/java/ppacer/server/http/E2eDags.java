package ppacer.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;

/**
 * The DAGs of the multi-process tests, compiled into the scheduler and every executor process.
 * Each execution appends {@code START}/{@code END} lines to a shared journal, so tests can count
 * executions across processes.
 */
final class E2eDags {
    private E2eDags() {
    }

    /**
     * @param sleep how long the attempts below {@code sleepBelowAttempt} take (checking cancellation)
     * @param failBelowAttempt attempts below it fail after their sleep
     */
    private record Step(String id, Path journal, String executor, Duration sleep, int failBelowAttempt,
            int sleepBelowAttempt) implements Task {
        Step(String id, Path journal, String executor, Duration sleep, int failBelowAttempt) {
            this(id, journal, executor, sleep, failBelowAttempt, Integer.MAX_VALUE);
        }

        @Override
        public void execute(TaskContext ctx) throws Exception {
            line("START", ctx);
            ctx.logger().info("running " + id + " attempt " + ctx.attempt() + " params " + ctx.paramsJson());
            long end = System.nanoTime() + (ctx.attempt() < sleepBelowAttempt ? sleep.toNanos() : 0);
            while (System.nanoTime() < end) {
                ctx.checkCancelled();
                Thread.sleep(Math.min(20, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            if (ctx.attempt() < failBelowAttempt) {
                line("FAIL", ctx);
                throw new IllegalStateException("planned failure of " + id + " on attempt " + ctx.attempt());
            }
            line("END", ctx);
        }

        private void line(String what, TaskContext ctx) throws IOException {
            String l = what + " " + executor + " " + ctx.runId() + " " + id + " " + ctx.attempt() + "\n";
            Files.writeString(journal, l, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The pool of the {@code pooled} DAG; the scheduler of the multi-process tests gives it {@value #POOL_SLOTS} slots. */
    static final String POOL = "e2e_pool";
    static final int POOL_SLOTS = 2;

    /** A task of the {@code pooled} DAG: on executor {@code exec1} it runs until cancelled or killed, elsewhere it ends at once. */
    private record PoolStep(String id, Path journal, String executor) implements Task {
        @Override
        public void execute(TaskContext ctx) throws Exception {
            new Step(id, journal, executor, executor.equals("exec1") ? Duration.ofMinutes(10) : Duration.ZERO, 0)
                    .execute(ctx);
        }
    }

    static DagRegistry registry(Path journal, String executor) {
        List<Dag> dags = new ArrayList<>();
        java.util.function.BiFunction<String, Duration, Node> step = (id, d) -> Node.of(new Step(id, journal, executor, d, 0));
        dags.add(Dag.builder("single").root(step.apply("only", Duration.ZERO)).build());

        Node c0 = step.apply("c0", Duration.ofMillis(150));
        Node last = c0;
        for (int i = 1; i < 8; i++) {
            last = last.then(step.apply("c" + i, Duration.ofMillis(150)));
        }
        dags.add(Dag.builder("chain").root(c0).build());

        Node fanRoot = step.apply("root", Duration.ZERO);
        Node join = step.apply("join", Duration.ZERO);
        for (int i = 0; i < 20; i++) {
            fanRoot.then(step.apply("f" + i, Duration.ofMillis(50))).then(join);
        }
        dags.add(Dag.builder("fan").root(fanRoot).build());

        TaskConfig retries = TaskConfig.builder().retries(2).retryDelay(RetryDelay.constant(Duration.ofMillis(200))).build();
        dags.add(Dag.builder("retry").root(Node.of(new Step("flaky", journal, executor, Duration.ZERO, 1), retries)).build());

        TaskConfig shortTimeout = TaskConfig.builder().timeout(Duration.ofMillis(300)).build();
        dags.add(Dag.builder("timeout").root(Node.of(new Step("slow", journal, executor, Duration.ofSeconds(5), 0),
                shortTimeout)).build());

        dags.add(Dag.builder("params").root(step.apply("show", Duration.ZERO)).build());

        // fails on its first attempt and has no retries: the run FAILS, a restart succeeds
        Node failing = Node.of(new Step("once", journal, executor, Duration.ZERO, 1));
        failing.then(step.apply("after", Duration.ZERO));
        dags.add(Dag.builder("fail_once").root(failing).build());

        // the executor-kill test: the first attempt runs until it is cancelled or its executor dies (at most
        // the default 10 minutes timeout), the retry ends at once; only missed heartbeats can end the lease early
        TaskConfig oneRetry = TaskConfig.builder().retries(1).build();
        dags.add(Dag.builder("long_timeout").root(Node.of(new Step("work", journal, executor, Duration.ofMinutes(10), 0, 1),
                oneRetry)).build());
        // the pool test: three tasks sharing a 2-slot pool, each run by exec1 until it is killed
        TaskConfig pooled = TaskConfig.builder().pool(POOL).retries(1).build();
        dags.add(Dag.builder("pooled").root(Node.of(new PoolStep("p0", journal, executor), pooled),
                Node.of(new PoolStep("p1", journal, executor), pooled), Node.of(new PoolStep("p2", journal, executor), pooled))
                .build());
        return DagRegistry.of(dags);
    }
}
