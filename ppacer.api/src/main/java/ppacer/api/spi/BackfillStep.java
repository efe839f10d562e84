package ppacer.api.spi;

import java.util.Objects;
import ppacer.api.DagRunStatus;

/** What a backfill does at its cursor, written with the cursor's move in one transaction. */
public sealed interface BackfillStep {
    /** The point has a run that is not to be rerun. */
    record Skip() implements BackfillStep {
    }

    /**
     * The point gets a new run, tagged with the backfill, and a {@link ScheduleEventType#BACKFILL}
     * schedule event (its point and the backfill's next point).
     *
     * @param run the run
     */
    record Create(NewDagRun run) implements BackfillStep {
        /** Validates. */
        public Create {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * The point's finished run is restarted (→ RUNNING, restart counter + 1, a restart row) and
     * tagged with the backfill.
     *
     * @param runId the run
     * @param from its expected status, SUCCESS or FAILED
     */
    record Rerun(long runId, DagRunStatus from) implements BackfillStep {
        /** Validates. */
        public Rerun {
            if (from == null || !from.isTerminal()) {
                throw new IllegalArgumentException("a rerun restarts a SUCCESS or FAILED run, not " + from);
            }
        }
    }
}
