package ppacer.cli.node;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.api.TaskLogger;
import ppacer.api.TaskOutput;
import ppacer.api.TaskOutputException;
import ppacer.exec.wire.OutputJson;

/**
 * A task that {@code ppacer test --task} runs without the rest of its DAG: the task itself, seeing
 * its real children in {@link TaskContext#children()}. A branch choice is checked against them as in
 * a full run and logged, but not applied: the children are not part of the test run. Its parents'
 * outputs are the ones given ({@code ppacer test --task T --input PARENT=JSON}); a parent given none
 * stored none.
 *
 * @param task the task
 * @param children the ids of its children in the full DAG
 * @param parents the ids of its parents in the full DAG
 * @param inputs the outputs its parents stored, as given
 */
record AloneTask(Task task, List<String> children, List<String> parents, Map<String, TaskOutput> inputs)
        implements Task {
    AloneTask {
        children = List.copyOf(children);
        parents = List.copyOf(parents);
        inputs = Map.copyOf(inputs);
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
        task.execute(new Context(context, this));
    }

    /** The attempt's context with the full DAG's children and parents, recording a branch choice in the log. */
    private record Context(TaskContext inner, AloneTask alone) implements TaskContext {
        @Override
        public List<String> children() {
            return alone.children;
        }

        @Override
        public void output(Object value) {
            inner.output(value);
        }

        @Override
        public void output(byte[] content, String contentType) {
            inner.output(content, contentType);
        }

        @Override
        public Optional<TaskOutput> rawInput(String parentId) {
            TaskContext.checkParent(inner.taskId(), alone.parents, parentId);
            return Optional.ofNullable(alone.inputs.get(parentId));
        }

        @Override
        public <T> T input(String parentId, Class<T> type) {
            return OutputJson.read("the --input of '" + parentId + "'", required(parentId), type);
        }

        @Override
        public <T> List<T> inputList(String parentId, Class<T> elementType) {
            return OutputJson.readList("the --input of '" + parentId + "'", required(parentId), elementType);
        }

        private TaskOutput required(String parentId) {
            return rawInput(parentId).orElseThrow(() -> new TaskOutputException("Task '" + parentId
                    + "', a parent of '" + inner.taskId() + "', stored no output: give it with --input " + parentId
                    + "=JSON"));
        }

        @Override
        public <T> Optional<T> previousOutput(String taskId, Class<T> type) {
            return inner.previousOutput(taskId, type);
        }

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
            List<String> chosen = TaskContext.checkBranch(inner.taskId(), alone.children, childIds);
            inner.logger().info("Branch chose " + chosen + " (not run: ppacer test --task runs this task alone)");
        }
    }
}
