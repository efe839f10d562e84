package ppacer.scheduler.core;

import java.util.ArrayList;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagTask;
import ppacer.api.schedule.Schedule;
import ppacer.api.spi.DagDefinition;
import ppacer.api.spi.DagTaskDefinition;

/** Builds the stored form of a {@link Dag} for {@link ppacer.api.spi.DagStore#sync}. */
public final class DagDefinitions {
    private DagDefinitions() {
    }

    /**
     * @param dag a DAG
     * @return its definition: schedule text, fingerprint, and each task with its config as JSON
     */
    public static DagDefinition of(Dag dag) {
        List<DagTaskDefinition> tasks = new ArrayList<>(dag.size());
        for (DagTask t : dag.tasks()) {
            tasks.add(new DagTaskDefinition(t.id(), t.task().getClass().getName(), t.parents(), t.depth(), t.width(),
                    Json.taskConfig(t.config())));
        }
        return new DagDefinition(dag.id(), dag.description(), dag.tags(), dag.schedule().map(Schedule::describe).orElse(""),
                dag.catchUp(), dag.maxActiveRuns(), dag.fingerprint(), tasks);
    }
}
