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
        return new DagDefinition(dag.id(), dag.description(), dag.tags(), scheduleText(dag),
                dag.catchUp(), dag.maxActiveRuns(), dag.fingerprint(), tasks);
    }

    /** The schedule text: the time schedule, the asset condition, or both joined by "or". */
    static String scheduleText(Dag dag) {
        String time = dag.schedule().map(Schedule::describe).orElse("");
        if (dag.assetCondition().isEmpty()) {
            return time;
        }
        String assets = "assets " + dag.assetCondition().get().describe();
        return time.isEmpty() ? assets : time + " or " + assets;
    }
}
