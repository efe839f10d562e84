package ppacer.cli.node;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.TaskLogger;

/**
 * A task that {@code ppacer test --task} runs without the rest of its DAG: the task itself, seeing
 * its real children in {@link TaskContext#children()}. A branch choice is checked against them as in
 * a full run and logged, but not applied: the children are not part of the test run.
 *
 * @param task the task
 * @param children the ids of its children in the full DAG
 */
record AloneTask(Task task, List<String> children) implements Task {
    AloneTask {
        children = List.copyOf(children);
    }

    @Override
    public String id() {
        return task.id();
    }

    @Override
    public String definition() {
        return task.definition();
    }

    @Override
    public void execute(TaskContext context) throws Exception {
        task.execute(new Context(context, children));
    }

    /** The attempt's context with the full DAG's children, recording a branch choice in the log. */
    private record Context(TaskContext inner, List<String> children) implements TaskContext {
        @Override
        public String dagId() {
            return inner.dagId();
        }

        @Override
        public String taskId() {
            return inner.taskId();
        }

        @Override
        public long runId() {
            return inner.runId();
        }

        @Override
        public Instant logicalTime() {
            return inner.logicalTime();
        }

        @Override
        public int attempt() {
            return inner.attempt();
        }

        @Override
        public String paramsJson() {
            return inner.paramsJson();
        }

        @Override
        public TaskLogger logger() {
            return inner.logger();
        }

        @Override
        public Instant deadline() {
            return inner.deadline();
        }

        @Override
        public boolean isCancelled() {
            return inner.isCancelled();
        }

        @Override
        public void branch(Collection<String> childIds) {
            List<String> chosen = TaskContext.checkBranch(inner.taskId(), children, childIds);
            inner.logger().info("Branch chose " + chosen + " (not run: ppacer test --task runs this task alone)");
        }
    }
}
