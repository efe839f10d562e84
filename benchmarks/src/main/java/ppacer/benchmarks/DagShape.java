package ppacer.benchmarks;

import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;
import ppacer.api.TriggerRule;

/** The DAG shapes of {@link SchedulingLoopBenchmark}, built with the public DAG builder. */
public enum DagShape {
    /** t0 → t1 → … → t(n-1). */
    CHAIN,
    /** One root whose n-1 children are all leaves. */
    FAN_OUT,
    /**
     * Layers of {@code w} tasks ({@code w} = 100 for n ≥ 500, else 2); task j of a layer depends
     * on tasks j and (j+1) mod w of the layer above.
     */
    LAYERED;

    /** A task that does nothing; only its id matters here. */
    record Noop(String id) implements Task {
        @Override
        public void execute(TaskContext context) {
        }
    }

    /**
     * @param n the number of tasks
     * @return the DAG, id {@code <shape>_<n>}
     */
    public Dag build(int n) {
        return build(n, false);
    }

    /** The rules of {@link #build(int, boolean)}: each runs its task when every parent succeeded. */
    static final TriggerRule[] RULES = {TriggerRule.ALL_SUCCESS, TriggerRule.ALL_DONE, TriggerRule.ONE_SUCCESS,
        TriggerRule.ONE_DONE, TriggerRule.NONE_FAILED, TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS, TriggerRule.NONE_SKIPPED};

    /**
     * @param n the number of tasks
     * @param rules give task {@code i} the rule {@code RULES[i % 7]} (the same runs as the default
     *     rule when every task succeeds, through every kind of verdict), instead of the default
     * @return the DAG, id {@code <shape>_<n>} (with {@code _rules} when rules are set)
     */
    public Dag build(int n, boolean rules) {
        Node[] nodes = new Node[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = rules ? Node.of(new Noop("t" + i), TaskConfig.builder().triggerRule(RULES[i % RULES.length]).build())
                    : Node.of(new Noop("t" + i));
        }
        Dag.Builder b = Dag.builder(name().toLowerCase(java.util.Locale.ROOT) + "_" + n + (rules ? "_rules" : ""));
        switch (this) {
            case CHAIN -> {
                for (int i = 1; i < n; i++) {
                    nodes[i - 1].then(nodes[i]);
                }
                b.root(nodes[0]);
            }
            case FAN_OUT -> {
                for (int i = 1; i < n; i++) {
                    nodes[0].then(nodes[i]);
                }
                b.root(nodes[0]);
            }
            case LAYERED -> {
                int w = layerWidth(n);
                for (int i = w; i < n; i++) {
                    int layerStart = (i / w - 1) * w;
                    int j = i % w;
                    nodes[layerStart + j].then(nodes[i]);
                    nodes[layerStart + (j + 1) % w].then(nodes[i]);
                }
                b.root(nodes[0], java.util.Arrays.copyOfRange(nodes, 1, Math.min(w, n)));
            }
            default -> throw new AssertionError(this);
        }
        return b.build();
    }

    static int layerWidth(int n) {
        return n >= 500 ? 100 : 2;
    }
}
