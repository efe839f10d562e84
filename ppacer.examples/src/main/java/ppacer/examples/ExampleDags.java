package ppacer.examples;

import java.time.Instant;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagSource;

/**
 * The example DAGs: {@link HelloWorldDag hello_world}, {@link EtlDag etl}, {@link FlakyDag flaky},
 * {@link ShellDag shell}, {@link BranchingDag branching}, {@link FanOutDag fan_out}, {@link FileSensorDag file_sensor} and the asset pair {@link AssetDags
 * orders_producer, orders_report}. Found by {@link java.util.ServiceLoader} through
 * {@code provides ppacer.api.DagSource} (and {@code META-INF/services} on the class path).
 */
public final class ExampleDags implements DagSource {
    /** Where the scheduled examples start: they run from then on, without catching up. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** The tag every example DAG carries. */
    static final String TAG = "example";

    /** Creates the source; the DAGs are built on each {@link #dags()} call. */
    public ExampleDags() {
    }

    @Override
    public List<Dag> dags() {
        return List.of(HelloWorldDag.dag(), EtlDag.dag(), FlakyDag.dag(), ShellDag.dag(), BranchingDag.dag(), FanOutDag.dag(),
                FileSensorDag.dag(), AssetDags.producer(), AssetDags.consumer());
    }
}
