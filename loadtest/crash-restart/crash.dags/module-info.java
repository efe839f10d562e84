/** The DAG of bin/crash-restart: long tasks that are in flight when {@code ppacer run} is killed. */
module crash.dags {
    requires ppacer.api;

    provides ppacer.api.DagSource with crash.dags.CrashDags;
}
