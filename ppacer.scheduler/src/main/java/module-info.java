/**
 * The ppacer scheduler: DAG-run watcher, event-driven task scheduling, leases, retries, recovery and
 * an in-process worker. Free of HTTP; the HTTP layer builds on {@link ppacer.scheduler.Scheduler}.
 *
 * <p>Alerts go to every {@link ppacer.api.Notifier} found by {@link java.util.ServiceLoader} (or the
 * ones configured), else to a logger. Stores are found by {@link ppacer.api.spi.Stores}.
 */
module ppacer.scheduler {
    requires transitive ppacer.api;

    exports ppacer.scheduler;

    uses ppacer.api.Notifier;
}
