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
import ppacer.api.Dag;

/**
 * The scheduling loop of {@link SchedulingLoopBenchmark} (one task completion: queue, run state,
 * the trigger rules deciding the children, enqueue) on a DAG of 10,000 tasks, with the default rule
 * on every task ({@code DEFAULT}, the baseline) and with rules ({@code RULES}: the seven rules that
 * run a task whose parents all succeeded, task {@code i} taking rule {@code i % 7}, and every 7th
 * task with children succeeding with a branch decision that chooses all of them). Both run the same
 * tasks, so the ratio is the cost of the rules.
 *
 * <p>Run (about 3 minutes):
 * <pre>
 * ./mvnw -o -q -pl benchmarks -am package -DskipTests
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar benchmarks/target/benchmarks.jar TriggerRuleBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TriggerRuleBenchmark {
    static final int COMPLETIONS = 1_000;
    static final int TASKS = 10_000;

    /** Which rules the DAG's tasks have. */
    public enum Rules {
        /** ALL_SUCCESS everywhere, no branch decisions: the baseline. */
        DEFAULT,
        /** Seven rules in turn, and branch decisions (see the class comment). */
        RULES,
        /** The seven rules, no branch decisions. */
        RULES_ONLY,
        /** The default rule, with the branch decisions. */
        BRANCHES_ONLY
    }

    /** The DAG shape. */
    @Param
    public DagShape shape;

    /** The rules. */
    @Param
    public Rules rules;

    private RunDriver driver;

    /** Creates the benchmark state (JMH). */
    public TriggerRuleBenchmark() {
    }

    /** Builds the DAG and advances its first run to half done. */
    @Setup(Level.Trial)
    public void setUp() {
        boolean withRules = rules == Rules.RULES || rules == Rules.RULES_ONLY;
        boolean withBranches = rules == Rules.RULES || rules == Rules.BRANCHES_ONLY;
        Dag dag = shape.build(TASKS, withRules);
        driver = new RunDriver(dag, withBranches ? DagShape.RULES.length : 0);
        for (int i = 0; i < TASKS / 2; i++) {
            driver.completeNext();
        }
    }

    /** Completions. */
    @Benchmark
    @OperationsPerInvocation(COMPLETIONS)
    public void completion() {
        for (int i = 0; i < COMPLETIONS; i++) {
            driver.completeNext();
        }
    }
}
