package ppacer.api.protocol;

import java.util.Map;

/**
 * Starts a run now ({@code POST /dag/run/trigger}).
 *
 * @param dagId the DAG
 * @param params optional run parameters, visible to tasks as JSON
 */
public record DagRunTriggerInput(String dagId, Map<String, Object> params) {
}
