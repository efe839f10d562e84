package ppacer.scheduler;

/** Life cycle of a {@link Scheduler}: STARTED → SYNCHRONIZING → RUNNING → STOPPING → STOPPED. */
public enum SchedulerState {
    /** Created, not started. */
    STARTED,
    /** Syncing DAGs into the store and recovering unfinished runs. */
    SYNCHRONIZING,
    /** Creating runs and handing out tasks. */
    RUNNING,
    /** Stop requested: no new tasks are handed out; running ones may still report. */
    STOPPING,
    /** Stopped; threads ended, store released. */
    STOPPED
}
