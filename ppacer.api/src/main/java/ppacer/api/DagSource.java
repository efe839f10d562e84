package ppacer.api;

import java.util.List;

/**
 * Contributes DAGs from a user's module: {@code provides ppacer.api.DagSource with my.Dags;}.
 * {@link DagRegistry#load()} collects every source found by {@link java.util.ServiceLoader}.
 */
public interface DagSource {
    /** @return the DAGs this source defines */
    List<Dag> dags();
}
