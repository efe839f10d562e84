/**
 * The ppacer scheduler served: its HTTP API on Helidon SE WebServer
 * ({@link ppacer.server.SchedulerServer}: the executor endpoints, the public and UI endpoints,
 * health, readiness and Prometheus metrics, the web UI from {@code ppacer.ui}), and the in-process
 * executor ({@link ppacer.server.InProcessWorker}) that runs tasks in the scheduler's JVM through a
 * {@link ppacer.server.LocalSchedulerLink}.
 *
 * <p>Builds on the core ({@code ppacer.scheduler}), which knows nothing of HTTP, JSON or executors.
 */
module ppacer.server {
    requires transitive ppacer.scheduler;
    requires transitive ppacer.exec;
    requires ppacer.ui;
    requires io.helidon.webserver;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.health;
    requires com.fasterxml.jackson.databind;
    requires java.logging;

    exports ppacer.server;
}
