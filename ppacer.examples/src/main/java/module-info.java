/**
 * Example DAGs, contributed to every scheduler and executor that has this module on its module
 * path: {@code hello_world}, {@code etl}, {@code flaky} and {@code shell}. Exports nothing; the DAGs
 * are found through {@link ppacer.api.DagRegistry#load()}.
 */
module ppacer.examples {
    requires ppacer.tasks;

    provides ppacer.api.DagSource with ppacer.examples.ExampleDags;
}
