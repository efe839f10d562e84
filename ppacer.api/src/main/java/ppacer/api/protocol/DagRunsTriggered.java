package ppacer.api.protocol;

import java.util.List;

/**
 * Answer to a batch trigger ({@code POST /dags/{dagId}/runs/batch}).
 *
 * @param dagId the DAG
 * @param runIds the new run ids, in the order of the request's runs
 */
public record DagRunsTriggered(String dagId, List<Long> runIds) {
    /** Copies the list. */
    public DagRunsTriggered {
        runIds = List.copyOf(runIds);
    }
}
