/**
 * The ppacer executor: takes task attempts from a scheduler (over HTTP, or in process through a
 * {@link ppacer.exec.SchedulerLink}), runs them on virtual threads under a concurrency limit with
 * their timeouts, heartbeats and log shipping, and reports their outcome. Also the Java client of
 * the scheduler's HTTP API ({@code ppacer.exec.client}), and the DAG bundle loader
 * ({@code ppacer.exec.bundle}: modular jars of DAGs, each version in its own module layer) that both
 * the scheduler and the executors use.
 */
@SuppressWarnings("module") // the qualified export names modules built after this one
module ppacer.exec {
    requires transitive ppacer.api;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    exports ppacer.exec;
    exports ppacer.exec.client;
    exports ppacer.exec.wire to ppacer.server, ppacer.cli;
    exports ppacer.exec.bundle;

    uses ppacer.api.DagSource;
}
