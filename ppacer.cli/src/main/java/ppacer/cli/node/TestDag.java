package ppacer.cli.node;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagTask;
import ppacer.api.Node;
import ppacer.api.TaskConfig;
import ppacer.scheduler.model.UnknownIdException;

/**
 * The DAG {@code ppacer test} runs: a copy of a registered DAG without its schedule (only the test's
 * own run is created), optionally cut down to one task (its upstream not run; see {@link AloneTask})
 * and optionally without retries. Tasks, configs, trigger rules, branches and teardowns are the DAG's own, so the real
 * scheduler treats them as in production.
 */
final class TestDag {
    private TestDag() {
    }

    /**
     * @param registry the DAGs found
     * @param dagId the DAG to test
     * @param taskId the one task to run, or empty for the whole DAG
     * @param retries whether failed attempts are retried as the task's config says
     * @param inputs with {@code taskId}: the outputs its parents stored, by parent id
     * @return the DAG to run
     * @throws UnknownIdException naming the known DAGs (or the DAG's tasks) when the id is unknown
     * @throws IllegalArgumentException when an input names a task that is not a parent of {@code taskId}
     */
    static Dag of(DagRegistry registry, String dagId, Optional<String> taskId, boolean retries,
                  Map<String, ppacer.api.TaskOutput> inputs) {
        Dag dag = registry.find(dagId).orElseThrow(() -> new UnknownIdException("Unknown DAG '" + dagId
                + "'; known DAGs: " + registry.dags().stream().map(Dag::id).toList()));
        if (taskId.isPresent()) {
            DagTask one = dag.task(taskId.get()).orElseThrow(() -> new UnknownIdException("DAG '" + dagId
                    + "' has no task '" + taskId.get() + "'; its tasks: "
                    + dag.tasks().stream().map(DagTask::id).toList()));
            for (String parent : inputs.keySet()) {
                if (!one.parents().contains(parent)) {
                    throw new IllegalArgumentException("--input " + parent + ": '" + parent + "' is not a parent of '"
                            + one.id() + "'; its parents: " + one.parents());
                }
            }
            DagTask alone = new DagTask(new AloneTask(one.task(), one.children(), one.parents(), inputs), one.config(),
                    List.of(), List.of(),
                    1, 1, 0, Optional.empty());
            return copy(dag, List.of(alone), retries);
        }
        if (!inputs.isEmpty()) {
            throw new IllegalArgumentException("--input goes with --task: in a whole DAG the parents' outputs are their own");
        }
        return copy(dag, dag.tasks(), retries);
    }

    /** Rebuilds {@code dag} from {@code tasks} (in topological order), keeping the edges among them. */
    private static Dag copy(Dag dag, List<DagTask> tasks, boolean retries) {
        Map<String, Node> nodes = new HashMap<>();
        for (DagTask t : tasks) {
            TaskConfig config = retries ? t.config() : t.config().toBuilder().retries(0).build();
            nodes.put(t.id(), Node.of(t.task(), config));
        }
        for (DagTask t : tasks) {
            for (String child : t.children()) {
                Node c = nodes.get(child);
                if (c != null) {
                    nodes.get(t.id()).then(c);
                }
            }
        }
        for (DagTask t : tasks) {
            switch (t.mapping().orElse(null)) {
                case ppacer.api.TaskMapping.OverOutput o when nodes.containsKey(o.parentId()) ->
                        nodes.get(t.id()).mapOver(o.parentId());
                case ppacer.api.TaskMapping.OverItems l -> nodes.get(t.id()).mapOverItems(l.items());
                case null, default -> { } // not mapped, or alone: run once
            }
            int limit = t.mapping().map(ppacer.api.TaskMapping::maxActiveInstances).orElse(0);
            if (limit > 0 && nodes.get(t.id()).task() == t.task() && (t.mapping().get() instanceof ppacer.api.TaskMapping.OverItems
                    || nodes.containsKey(((ppacer.api.TaskMapping.OverOutput) t.mapping().get()).parentId()))) {
                nodes.get(t.id()).maxActiveInstances(limit);
            }
        }
        for (DagTask t : tasks) {
            if (t.teardown().isPresent() && nodes.containsKey(t.teardown().get().setupId())) {
                nodes.get(t.id()).teardownOf(nodes.get(t.teardown().get().setupId()), t.teardown().get().failsRun());
            }
        }
        List<Node> roots = tasks.stream().filter(t -> t.parents().stream().noneMatch(nodes::containsKey))
                .map(t -> nodes.get(t.id())).toList();
        return Dag.builder(dag.id())
                .description(dag.description())
                .tags(dag.tags().toArray(String[]::new))
                .maxActiveRuns(dag.maxActiveRuns())
                .maxActiveTasks(dag.maxActiveTasks())
                .defaultTaskConfig(dag.defaultTaskConfig())
                .root(roots.getFirst(), roots.subList(1, roots.size()).toArray(Node[]::new))
                .build();
    }
}
