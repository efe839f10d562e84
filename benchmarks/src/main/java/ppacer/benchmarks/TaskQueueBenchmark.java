package ppacer.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import ppacer.scheduler.core.QueuedTask;
import ppacer.scheduler.core.TaskQueue;

/**
 * Offer + take of ppacer's {@link TaskQueue} against JDK baselines, all in one run so that the
 * ratios come from the same machine state: {@code ArrayBlockingQueue}, {@code PriorityBlockingQueue}
 * (ordered by {@link QueuedTask#ORDER}) and a {@code ReentrantLock} around an {@code ArrayDeque}
 * (ppacer-go's {@code SimpleQueue}).
 *
 * <p>One operation = build one {@link QueuedTask}, offer it, take one entry (for {@code TaskQueue}
 * the take is {@code poll()} plus {@code release(dagId)}, as the scheduler does per attempt). The
 * queue is pre-filled with {@value #PREFILL} ready entries, so it stays at that size and a take
 * never finds it empty. Entries spread over {@value #DAGS} DAG ids (TaskQueue's round-robin lanes).
 * Loads: {@code PLAIN} (one priority), {@code PRIORITIES} (weights 0-9 at random), {@code DELAYED}
 * (as PRIORITIES, and every 4th entry is due 50 µs later by the system clock: TaskQueue keeps it in
 * its delayed heap until due; the baselines ignore due times), {@code BACKFILL} (as PRIORITIES, and
 * the entries of one DAG in four belong to backfill runs: TaskQueue keeps their lanes in buckets of
 * their own behind the others of each weight; the baselines order them by {@link QueuedTask#ORDER}
 * or not at all). Threads: 1, 2 and 4, each doing the
 * same offer+take loop on the shared queue (the contended cases). Score: total operations per
 * microsecond over all threads.
 *
 * <p>Run (about 8 minutes; {@code -p load=PLAIN,PRIORITIES,DELAYED} for the loads before backfill fairness):
 * <pre>
 * ./mvnw -o -q -pl benchmarks -am package -DskipTests
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar benchmarks/target/benchmarks.jar TaskQueueBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class TaskQueueBenchmark {
    static final int PREFILL = 1_000;
    static final int DAGS = 4;
    private static final int CAPACITY = 1 << 16;
    private static final Duration DELAY = Duration.ofNanos(50_000);
    private static final Instant LOGICAL_TIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] DAG_IDS = {"dag_a", "dag_b", "dag_c", "dag_d"};
    private static final String[] TASK_IDS = java.util.stream.IntStream.range(0, 1024).mapToObj(i -> "task_" + i)
            .toArray(String[]::new);

    /** The entry mix. */
    public enum Load {
        /** One priority, all due now. */
        PLAIN,
        /** Priority weights 0-9. */
        PRIORITIES,
        /** Priority weights 0-9, every 4th entry due 50 µs later. */
        DELAYED,
        /** Priority weights 0-9, the entries of every 4th DAG are a backfill's. */
        BACKFILL
    }

    /** The queue under test. */
    @Param
    public QueueUnderTest.Kind queue;

    /** The entry mix. */
    @Param
    public Load load;

    private QueueUnderTest q;
    private final InstantSource clock = InstantSource.system();

    /** Creates the benchmark state (JMH). */
    public TaskQueueBenchmark() {
    }

    /** Per-thread entry factory. */
    @State(Scope.Thread)
    public static class Producer {
        private final SplittableRandom random = new SplittableRandom(42);
        private long seq;

        /** Creates a producer (JMH). */
        public Producer() {
        }

        QueuedTask next(Load load, InstantSource clock) {
            long n = seq++;
            int priority = load == Load.PLAIN ? 0 : random.nextInt(10);
            Instant due = load == Load.DELAYED && (n & 3) == 0 ? clock.instant().plus(DELAY) : Instant.MIN;
            boolean backfill = load == Load.BACKFILL && (n & (DAGS - 1)) == DAGS - 1;
            return new QueuedTask(DAG_IDS[(int) (n & (DAGS - 1))], n >>> 10, TASK_IDS[(int) (n & 1023)], 0, priority,
                    LOGICAL_TIME, (int) (n & 1023), due, null, 0, backfill);
        }
    }

    /** Creates and pre-fills the queue. */
    @Setup(Level.Trial)
    public void setUp() {
        q = queue.create(CAPACITY, clock);
        Producer p = new Producer();
        for (int i = 0; i < PREFILL; i++) {
            if (!q.offer(p.next(load == Load.DELAYED ? Load.PRIORITIES : load, clock))) {
                throw new IllegalStateException("pre-fill refused at " + i);
            }
        }
    }

    private QueuedTask offerTake(Producer p) {
        if (!q.offer(p.next(load, clock))) {
            throw new IllegalStateException(queue + " full");
        }
        QueuedTask t = q.take();
        if (t == null) {
            throw new IllegalStateException(queue + " handed out nothing with " + PREFILL + " entries held");
        }
        return t;
    }

    /**
     * @param p this thread's entries
     * @return the taken entry
     */
    @Benchmark
    @Threads(1)
    public QueuedTask offerTake1Thread(Producer p) {
        return offerTake(p);
    }

    /**
     * @param p this thread's entries
     * @return the taken entry
     */
    @Benchmark
    @Threads(2)
    public QueuedTask offerTake2Threads(Producer p) {
        return offerTake(p);
    }

    /**
     * @param p this thread's entries
     * @return the taken entry
     */
    @Benchmark
    @Threads(4)
    public QueuedTask offerTake4Threads(Producer p) {
        return offerTake(p);
    }
}
