package ppacer.loadtest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;
import ppacer.api.schedule.Schedule;

/** The DAGs of the load harness; the scheduler and every executor process build the same registry. */
final class LoadDags {
    static final String ONE = "one";
    static final String WIDE = "wide";
    static final String CHAIN = "chain";
    /** One task whose output lists {@code wide} items and a no-op task mapped over it: {@code wide} instances. */
    static final String MAPPED = "mapped";
    /** A daily no-op DAG for the backfill scenario, from {@link #DAILY_START}, without catch-up. */
    static final String DAILY = "daily";
    static final Instant DAILY_START = Instant.parse("2010-01-01T00:00:00Z");
    /** A no-op DAG scheduled every second, without catch-up: its start delays during a backfill show the fairness. */
    static final String TICK = "tick";
    /** The pool of the {@code pools} scenario, sized by {@link Stack} not to throttle ({@link #POOL_SLOTS}). */
    static final String POOL = "load";
    /** As many slots as the scheduler's running-task limit in {@link Stack}: the pool never binds. */
    static final int POOL_SLOTS = 4096;

    private LoadDags() {
    }

    private record NoOp(String id) implements Task {
        @Override
        public void execute(TaskContext context) {
        }
    }

    static DagRegistry registry(int wide, int chain, int idleDags) {
        return DagRegistry.of(dags(wide, chain, idleDags, false));
    }

    /** The DAGs of {@link #registry}, {@link #DAILY} and {@link #TICK} (executors know it in every scenario: it is extra for them). */
    static DagRegistry withDaily(int wide, int chain) {
        List<Dag> dags = new ArrayList<>(dags(wide, chain, 0, false));
        dags.add(Dag.builder(DAILY).schedule(Schedule.every(java.time.Duration.ofDays(1), DAILY_START)).catchUp(false)
                .maxActiveRuns(1_000_000).maxActiveTasks(1_000_000).root(Node.of(new NoOp("noop"))).build());
        dags.add(Dag.builder(TICK).schedule(Schedule.every(java.time.Duration.ofSeconds(1), DAILY_START)).catchUp(false)
                .root(Node.of(new NoOp("noop"))).build());
        return DagRegistry.of(dags);
    }

    /**
     * @param pooled whether the single task of {@link #ONE} takes a slot of {@link #POOL}
     */
    static DagRegistry registry(int wide, int chain, int idleDags, boolean pooled) {
        return DagRegistry.of(dags(wide, chain, idleDags, pooled));
    }

    private static List<Dag> dags(int wide, int chain, int idleDags, boolean pooled) {
        List<Dag> dags = new ArrayList<>();
        Node noop = pooled ? Node.of(new NoOp("noop"), TaskConfig.builder().pool(POOL).build()) : Node.of(new NoOp("noop"));
        dags.add(Dag.builder(ONE).maxActiveRuns(1_000_000).maxActiveTasks(1_000_000).root(noop).build());
        Node first = Node.of(new NoOp("w0"));
        Node[] more = new Node[wide - 1];
        for (int i = 1; i < wide; i++) {
            more[i - 1] = Node.of(new NoOp("w" + i));
        }
        dags.add(Dag.builder(WIDE).maxActiveTasks(1_000_000).root(first, more).build());
        List<Integer> items = java.util.stream.IntStream.range(0, wide).boxed().toList();
        Node list = Node.of(Task.of("items", ctx -> ctx.output(items)));
        list.then(Node.of(new NoOp("each")).mapOver("items"));
        dags.add(Dag.builder(MAPPED).maxActiveTasks(1_000_000).root(list).build());
        Node head = Node.of(new NoOp("c0"));
        Node last = head;
        for (int i = 1; i < chain; i++) {
            last = last.then(Node.of(new NoOp("c" + i)));
        }
        dags.add(Dag.builder(CHAIN).root(head).build());
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < idleDags; i++) {
            // yearly, on 1 January at 00:00 UTC: nothing due while the harness runs (unless run on New Year's Eve)
            dags.add(Dag.builder("idle_" + i).schedule(Schedule.cron("0 0 1 1 *", ZoneOffset.UTC).startingAt(start))
                    .root(Node.of(new NoOp("t"))).build());
        }
        return dags;
    }
}
