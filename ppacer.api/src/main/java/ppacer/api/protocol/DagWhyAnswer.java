package ppacer.api.protocol;

import java.util.List;

/**
 * Why a DAG has (no) run going ({@code GET /dags/{dagId}/why}, {@code ppacer why --dag DAG}): paused,
 * its active runs and when its next run is due.
 *
 * @param dagId the DAG
 * @param reasons the reasons, in a fixed order
 */
public record DagWhyAnswer(String dagId, List<WhyAnswer> reasons) {
}
