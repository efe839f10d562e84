/**
 * The ppacer DAG definition API and the storage SPI.
 *
 * <ul>
 *   <li>{@code ppacer.api}: tasks, nodes, DAGs, task configuration, statuses and the project
 *       exception hierarchy, everything a DAG author touches;</li>
 *   <li>{@code ppacer.api.schedule}: schedules (fixed interval, cron, user-defined);</li>
 *   <li>{@code ppacer.api.spi}: the storage SPI that store providers implement;</li>
 *   <li>{@code ppacer.api.protocol}: the JSON messages of the scheduler's HTTP API.</li>
 *   <li>{@code ppacer.api.concurrent}: the runtime's shared concurrency kit (loops, backoff,
 *       commit hand-off) used by the scheduler, the executor and the stores; not for DAG authors.</li>
 * </ul>
 *
 * DAG modules contribute DAGs by {@code provides ppacer.api.DagSource with ...}; store modules by
 * {@code provides ppacer.api.spi.StoreProvider with ...}.
 */
@SuppressWarnings("module") // the store modules of the qualified export are built after this one
module ppacer.api {
    exports ppacer.api;
    exports ppacer.api.protocol;
    exports ppacer.api.schedule;
    exports ppacer.api.spi;
    exports ppacer.api.concurrent;
    exports ppacer.api.storesql to ppacer.store.sqlite, ppacer.store.jdbc;

    uses ppacer.api.DagSource;
    uses ppacer.api.spi.StoreProvider;
    uses ppacer.api.spi.TracingProvider;
}
