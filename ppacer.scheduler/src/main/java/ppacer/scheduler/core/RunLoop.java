package ppacer.scheduler.core;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import ppacer.api.concurrent.BackgroundLoop;
import ppacer.api.concurrent.Backoff;

/**
 * A core loop (the DAG-run watcher, the lease monitor) on a thread the scheduler made: a {@link
 * BackgroundLoop} with the core's stop condition, so it has the same semantics as every other
 * background thread: a step that throws is logged (the first of a streak at WARNING) and the loop goes
 * on after a pause, so that a persistent failure such as a locked database does not spin; an interrupt
 * ends the loop (the scheduler interrupts its threads after setting their stop condition).
 */
public final class RunLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(RunLoop.class.getName());
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(100);

    /** One iteration: does the work, then waits (e.g. on a {@link Waiter}). */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs one iteration.
         *
         * @throws InterruptedException when interrupted while waiting
         */
        void run() throws InterruptedException;
    }

    private final BackgroundLoop loop;

    /**
     * @param name a name for logs
     * @param step the iteration
     * @param stopping tells when to leave the loop
     */
    public RunLoop(String name, Step step, BooleanSupplier stopping) {
        this.loop = BackgroundLoop.named(name).logger(LOG).stopWhen(stopping)
                .backoff(() -> Backoff.fixed(PAUSE_AFTER_FAILURE)).build(step::run);
    }

    @Override
    public void run() {
        loop.run();
    }
}
