package ppacer.scheduler;

/**
 * Life cycle of a {@link Scheduler}: STARTED → SYNCHRONIZING → RUNNING → STOPPING → STOPPED, with
 * STANDBY when another scheduler holds the store's leader lease: STANDBY → SYNCHRONIZING → RUNNING
 * on takeover, and RUNNING → STANDBY when this scheduler loses the lease (it could not renew in time,
 * or a newer epoch appeared).
 */
public enum SchedulerState {
    /** Created, not started. */
    STARTED,
    /**
     * Another scheduler leads (shared stores only): this one hands out nothing and writes nothing,
     * answers executor and mutating calls with 503 naming the leader, serves reads from the store,
     * and takes over when the leader's lease expires.
     */
    STANDBY,
    /** Syncing DAGs into the store and recovering unfinished runs (at start or on takeover). */
    SYNCHRONIZING,
    /** Creating runs and handing out tasks. */
    RUNNING,
    /** Stop requested: no new tasks are handed out; running ones may still report. */
    STOPPING,
    /** Stopped; threads ended, store released. */
    STOPPED
}
