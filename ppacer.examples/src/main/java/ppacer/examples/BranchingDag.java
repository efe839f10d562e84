package ppacer.examples;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import ppacer.api.BranchTask;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.SkipTaskException;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;
import ppacer.api.TriggerRule;
import ppacer.api.schedule.Schedule;

/**
 * {@code branching}: the workflow language in one DAG, every minute (UTC):
 * <pre>
 * create_staging ─ check_inbox ─ choose_load ─┬─ load_full ──┐
 *       │                                      └─ load_delta ─┴─ publish ─┬─ drop_staging (teardown)
 *       └──────────────────────────────────────────────────────────────────┘  └─ alert_on_failure
 * </pre>
 * <ul>
 *   <li>{@code check_inbox} short-circuits ({@link SkipTaskException}) when the inbox is empty: here,
 *       every third minute; everything below it is then SKIPPED, but {@code drop_staging} runs;</li>
 *   <li>{@code choose_load} is a {@link BranchTask}: a full load every third minute, else a delta
 *       load; the other one is SKIPPED ("branch not chosen");</li>
 *   <li>{@code publish} joins the two paths with {@link TriggerRule#NONE_FAILED_MIN_ONE_SUCCESS};</li>
 *   <li>{@code drop_staging} is the teardown of {@code create_staging}: it runs whatever happened in
 *       between, and its failure would not fail the run;</li>
 *   <li>{@code alert_on_failure} runs only when {@code publish} failed ({@link TriggerRule#ONE_FAILED}),
 *       and is SKIPPED otherwise.</li>
 * </ul>
 * Every run ends SUCCESS.
 */
final class BranchingDag {
    static final String ID = "branching";

    private BranchingDag() {
    }

    /** Which of every three minutes the run is in: 0 full load, 1 delta load, 2 empty inbox. */
    static int phase(TaskContext ctx) {
        return (int) Math.floorMod(ctx.logicalTime().getEpochSecond() / 60, 3L);
    }

    /** Short-circuits when the (pretend) inbox is empty. */
    record CheckInbox() implements Task {
        @Override
        public String id() {
            return "check_inbox";
        }

        @Override
        public void execute(TaskContext ctx) {
            if (phase(ctx) == 2) {
                throw new SkipTaskException("no new files in the inbox for " + ctx.logicalTime());
            }
            ctx.logger().info("New files in the inbox for " + ctx.logicalTime());
        }
    }

    /** Chooses a full load on phase 0, a delta load otherwise. */
    record ChooseLoad() implements BranchTask {
        @Override
        public String id() {
            return "choose_load";
        }

        @Override
        public Collection<String> choose(TaskContext ctx) {
            String chosen = phase(ctx) == 0 ? "load_full" : "load_delta";
            ctx.logger().info("Choosing " + chosen);
            return List.of(chosen);
        }
    }

    static Dag dag() {
        Node create = Node.of(new EtlStep("create_staging", "Creating the staging table", Duration.ofMillis(5)));
        Node choose = Node.of(new ChooseLoad());
        Node publish = Node.of(new EtlStep("publish", "Publishing the loaded rows", Duration.ofMillis(5)),
                TaskConfig.builder().triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS).build());
        Node drop = Node.of(new EtlStep("drop_staging", "Dropping the staging table", Duration.ofMillis(5)))
                .teardownOf(create);
        create.then(Node.of(new CheckInbox())).then(choose);
        choose.then(Node.of(new EtlStep("load_full", "Loading every row", Duration.ofMillis(20))),
                Node.of(new EtlStep("load_delta", "Loading the rows changed since the last run", Duration.ofMillis(10))))
                .then(publish);
        publish.then(drop);
        publish.then(Node.of(new EtlStep("alert_on_failure", "Telling the on-call that publishing failed",
                Duration.ofMillis(1)), TaskConfig.builder().triggerRule(TriggerRule.ONE_FAILED).build()));
        return Dag.builder(ID)
                .description("Trigger rules, branching, a short-circuit and a teardown, every minute (UTC): a full"
                        + " or delta load chosen at run time, joined by publish, the staging table always dropped")
                .tags(ExampleDags.TAG, "branching")
                .schedule(Schedule.cron("* * * * *", ZoneOffset.UTC).startingAt(ExampleDags.START))
                .catchUp(false)
                .maxActiveRuns(1)
                .root(create)
                .build();
    }
}
