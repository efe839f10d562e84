package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.util.function.BooleanSupplier;

/**
 * Runs one step repeatedly on its own thread until stopped, surviving bad iterations: a step that
 * throws is logged and the loop goes on (after a short pause, so that a persistent failure such as a
 * locked database does not spin). An interrupt ends the loop only when stopping was requested.
 */
public final class RunLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(RunLoop.class.getName());

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

    private final String name;
    private final Step step;
    private final BooleanSupplier stopping;

    /**
     * @param name a name for logs
     * @param step the iteration
     * @param stopping tells when to leave the loop
     */
    public RunLoop(String name, Step step, BooleanSupplier stopping) {
        this.name = name;
        this.step = step;
        this.stopping = stopping;
    }

    @Override
    public void run() {
        while (!stopping.getAsBoolean()) {
            try {
                step.run();
            } catch (InterruptedException e) {
                if (stopping.getAsBoolean()) {
                    Thread.currentThread().interrupt();
                    return;
                }
                LOG.log(Level.WARNING, name + " was interrupted while not stopping; it will keep running");
            } catch (Throwable t) {
                LOG.log(Level.ERROR, name + " failed an iteration; it will keep running", t);
                try {
                    Thread.sleep(100); // back off a persistent failure; not used for synchronisation
                } catch (InterruptedException e) {
                    if (stopping.getAsBoolean()) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
