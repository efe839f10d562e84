/**
 * The ppacer scheduler: DAG-run watcher, event-driven task scheduling, leases, retries, recovery and
 * an in-process worker; and its HTTP API on Helidon SE WebServer ({@link ppacer.scheduler.SchedulerServer}). The core
 * ({@code ppacer.scheduler.core}) is free of HTTP types; the HTTP layer ({@code ppacer.scheduler.http}) builds on
 * {@link ppacer.scheduler.Scheduler}.
 *
 * <p>Alerts go to every {@link ppacer.api.Notifier} found by {@link java.util.ServiceLoader} (or the
 * ones configured), else to a logger. Stores are found by {@link ppacer.api.spi.Stores}.
 */
module ppacer.scheduler {
    requires transitive ppacer.api;
    requires transitive ppacer.exec;
    requires io.helidon.webserver;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.health;
    requires com.fasterxml.jackson.databind;
    requires java.logging;

    exports ppacer.scheduler;

    uses ppacer.api.Notifier;
}
