/**
 * The ppacer scheduler core: DAG-run watcher, event-driven task scheduling, attempt leases, retries,
 * recovery, high availability and alerts, behind the {@link ppacer.scheduler.Scheduler} facade.
 * It needs only the DAG API and the storage SPI ({@code ppacer.api}): no HTTP, no JSON library, no
 * executor. The HTTP API, metrics and the in-process executor are in {@code ppacer.server}.
 *
 * <ul>
 *   <li>{@code ppacer.scheduler}: the facade, its configuration and state;</li>
 *   <li>{@code ppacer.scheduler.model}: the values and exceptions of its API (hand-outs, outcomes,
 *       report answers, counts);</li>
 *   <li>{@code ppacer.scheduler.core} (not exported): the run state machine, the task queue and the
 *       background loops.</li>
 * </ul>
 *
 * <p>Alerts go to every {@link ppacer.api.Notifier} found by {@link java.util.ServiceLoader} (or the
 * ones configured), else to a logger. Stores are found by {@link ppacer.api.spi.Stores}.
 */
module ppacer.scheduler {
    requires transitive ppacer.api;

    exports ppacer.scheduler;
    exports ppacer.scheduler.model;

    uses ppacer.api.Notifier;
}
