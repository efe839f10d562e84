package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code task_deferrals} table: one row per attempt that deferred itself (see {@link AttemptDeferral}).
 * The attempt row's status says whether it waits (DEFERRED) or is poked (SCHEDULED, RUNNING).
 */
public interface DeferralStore {
    /**
     * Moves an attempt RUNNING → DEFERRED by compare-and-set (clearing its lease) and stores its
     * deferral (replacing the previous one of the attempt), in one transaction.
     *
     * @param deferral the deferral
     * @param at the change time
     * @return false when the attempt was not RUNNING (nothing changed)
     */
    boolean defer(AttemptDeferral deferral, Instant at);

    /**
     * @param key an attempt
     * @return its last deferral, empty when it never deferred
     */
    Optional<AttemptDeferral> find(AttemptKey key);

    /**
     * @param runId a run
     * @return the deferrals of the run's attempts, by task and attempt
     */
    List<AttemptDeferral> ofRun(long runId);

    /** @return the deferrals of the attempts DEFERRED now, earliest due first */
    List<AttemptDeferral> waiting();
}
