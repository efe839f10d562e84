/**
 * The ppacer executor: takes task attempts from a scheduler (over HTTP, or in process through a
 * {@link ppacer.exec.SchedulerLink}), runs them on virtual threads under a concurrency limit with
 * their timeouts, heartbeats and log shipping, and reports their outcome. Also the Java client of
 * the scheduler's HTTP API ({@code ppacer.exec.client}).
 */
@SuppressWarnings("module") // the qualified export names modules built after this one
module ppacer.exec {
    requires transitive ppacer.api;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    exports ppacer.exec;
    exports ppacer.exec.client;
    exports ppacer.exec.wire to ppacer.server, ppacer.cli;
}
