package ppacer.examples;

import java.time.Duration;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;
import ppacer.tasks.PrintTask;

/**
 * {@code flaky}: {@code prepare >> flaky >> done}, run only when triggered. {@code flaky} fails its
 * first attempt and passes the second; it has 2 retries, 1 s apart, so a run succeeds after one
 * retry. The run parameter {@code failures} sets how many attempts fail: {@code {"failures":3}} makes
 * the run fail (exit code 1 of {@code ppacer trigger flaky --wait}), and {@code ppacer restart RUN}
 * then makes it succeed.
 */
final class FlakyDag {
    static final String ID = "flaky";

    private FlakyDag() {
    }

    static Dag dag() {
        Node prepare = Node.of(PrintTask.of("prepare", "Preparing; the next task fails once"));
        prepare.then(Node.of(new FlakyTask("flaky"), TaskConfig.builder()
                        .retries(2)
                        .retryDelay(RetryDelay.constant(Duration.ofSeconds(1)))
                        .alertOnRetry(true)
                        .build()))
                .then(Node.of(PrintTask.of("done", "The flaky task made it")));
        return Dag.builder(ID)
                .description("Retries in action: the middle task fails its first attempt and succeeds on the retry;"
                        + " --params '{\"failures\":3}' fails the run, then restart makes it succeed (trigger only)")
                .tags(ExampleDags.TAG, "retries")
                .root(prepare)
                .build();
    }
}
