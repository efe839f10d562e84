/** The ppacer scheduler: DAG-run watcher, event-driven task scheduling, persistence and the HTTP API. */
module ppacer.scheduler {
    requires transitive ppacer.api;

}
