package ppacer.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/** Tasks for tests, recording their executions in a shared journal. */
public final class Tasks {
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Queue<String> journal = new ConcurrentLinkedQueue<>();
    private final Map<String, String> params = new ConcurrentHashMap<>();

    /** An empty journal. */
    public Tasks() {
    }

    /** @return executions per task id */
    public Map<String, AtomicInteger> runs() {
        return runs;
    }

    /** @param taskId a task @return how often it was executed */
    public int count(String taskId) {
        AtomicInteger n = runs.get(taskId);
        return n == null ? 0 : n.get();
    }

    /** @return "task#attempt" lines in execution order */
    public List<String> journal() {
        return List.copyOf(journal);
    }

    /** @return params seen per task id */
    public Map<String, String> params() {
        return params;
    }

    private void record(TaskContext ctx) {
        runs.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
        journal.add(ctx.taskId() + "#" + ctx.attempt());
        params.put(ctx.taskId(), ctx.paramsJson());
    }

    /** @param id the task id @return a task that succeeds */
    public Task ok(String id) {
        return new Named(id) {
            @Override
            public void execute(TaskContext ctx) {
                record(ctx);
                ctx.logger().info("hello from " + id);
            }
        };
    }

    /**
     * @param id the task id
     * @param failures how many executions fail before one succeeds
     * @return the task
     */
    public Task failing(String id, int failures) {
        return new Named(id) {
            @Override
            public void execute(TaskContext ctx) {
                record(ctx);
                if (count(id) <= failures) {
                    throw new IllegalStateException("planned failure " + count(id) + " of " + failures + " in " + id);
                }
            }
        };
    }

    /**
     * @param id the task id
     * @param d how long it sleeps (stops early when interrupted)
     * @return the task
     */
    public Task sleeping(String id, Duration d) {
        return new Named(id) {
            @Override
            public void execute(TaskContext ctx) throws InterruptedException {
                record(ctx);
                Thread.sleep(d);
            }
        };
    }

    private abstract static class Named implements Task {
        private final String id;

        Named(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }
}
