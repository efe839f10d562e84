package ppacer.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import ppacer.api.Dag;

/**
 * The in-memory cost of handling ONE task completion in the scheduler core (see {@link RunDriver}):
 * take the entry from the real {@code TaskQueue}, mark it running, end its slot, record the success
 * in the real {@code RunState}, find the tasks that became ready and enqueue them. No store, no
 * threads. DAGs of 10, 1,000 and 100,000 tasks in three {@link DagShape shapes}.
 *
 * <p>{@code counters} finds ready tasks with the remaining-parent counters (what the scheduler
 * does); {@code rescan} is the naive baseline of ppacer-go (after each completion re-check every
 * task of the run). Each invocation handles {@value #COMPLETIONS} completions, continuing the
 * current run and starting a new run of the same DAG whenever one completes (a start = new
 * {@code RunState} + roots enqueued, inside the measurement); the score is time per completion.
 * Before measuring, the setup advances the first run to half done with the counters, so a
 * measurement that covers less than a whole run (only {@code rescan} at 100,000 tasks) starts
 * mid-run, where the rescan costs its average.
 *
 * <p>Run (about 5 minutes):
 * <pre>
 * ./mvnw -o -q -pl benchmarks -am package -DskipTests
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar benchmarks/target/benchmarks.jar SchedulingLoopBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SchedulingLoopBenchmark {
    static final int COMPLETIONS = 1_000;

    /** The DAG shape. */
    @Param
    public DagShape shape;

    /** Tasks in the DAG. */
    @Param({"10", "1000", "100000"})
    public int tasks;

    private RunDriver driver;
    private long runsAtStart;

    /** Creates the benchmark state (JMH). */
    public SchedulingLoopBenchmark() {
    }

    /** Builds the DAG and advances its first run to half done. */
    @Setup(Level.Trial)
    public void setUp() {
        Dag dag = shape.build(tasks);
        driver = new RunDriver(dag);
        for (int i = 0; i < tasks / 2; i++) {
            driver.completeNext();
        }
        runsAtStart = driver.runsCompleted();
    }

    /** Prints how many whole runs the trial went through (shows what a measurement covered). */
    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println("\n  runs completed during the trial: " + (driver.runsCompleted() - runsAtStart));
    }

    /** Completions with the remaining-parent counters. */
    @Benchmark
    @OperationsPerInvocation(COMPLETIONS)
    public void counters() {
        for (int i = 0; i < COMPLETIONS; i++) {
            driver.completeNext();
        }
    }

    /** Completions with a full rescan of the run after each (baseline). */
    @Benchmark
    @OperationsPerInvocation(COMPLETIONS)
    public void rescan() {
        for (int i = 0; i < COMPLETIONS; i++) {
            driver.completeNextByRescan();
        }
    }
}
