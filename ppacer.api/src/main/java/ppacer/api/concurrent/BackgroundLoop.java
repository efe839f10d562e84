package ppacer.api.concurrent;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs one step again and again on one thread until stopped: the loop of every background thread of
 * the scheduler, the executor and the stores, with the same semantics everywhere:
 *
 * <ul>
 *   <li>{@link #stop()} is idempotent and may be called from any thread, the loop's own included: it
 *       marks the loop stopping and interrupts its thread (when called from another thread), so a
 *       step waiting or sleeping returns at once;</li>
 *   <li>an interrupt ends the loop: a step that throws {@link InterruptedException}, or that returns
 *       with its thread's interrupt flag set, is the last one (the flag is left set);</li>
 *   <li>a step that throws anything else is recorded in the loop's {@link FailureStreak} (the first
 *       failure of a streak at WARNING) and the loop waits per its {@link Backoff} before the next
 *       step; a failure never ends the thread. A step that returns normally resets the backoff and
 *       ends the streak.</li>
 * </ul>
 *
 * A step does its work and then waits for the next round itself (a condition, a long poll, or
 * {@link #sleep}): the loop adds no wait of its own after a successful step.
 */
public final class BackgroundLoop {
    private static final Logger LOG = System.getLogger(BackgroundLoop.class.getName());

    /** One iteration: does the work, then waits for the next round. */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs one iteration.
         *
         * @throws InterruptedException when interrupted while waiting: ends the loop
         * @throws Exception any other failure: logged and backed off
         */
        void run() throws Exception;
    }

    private final String name;
    private final Step step;
    private final Backoff backoff;
    private final FailureStreak streak;
    private final BooleanSupplier stopWhen;
    private final boolean virtual;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Thread thread;

    private BackgroundLoop(Builder b, Step step) {
        this.name = b.name;
        this.step = Objects.requireNonNull(step, "step");
        this.backoff = b.backoff.get();
        this.streak = b.streak != null ? b.streak : FailureStreak.withStackTraces(b.log, b.name);
        this.stopWhen = b.stopWhen;
        this.virtual = b.virtual;
    }

    /**
     * Starts describing a loop.
     *
     * @param name the loop's name, for its thread and its log messages (e.g. {@code "ppacer-exec-poll-e1"})
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(Objects.requireNonNull(name, "name"));
    }

    /** Describes a loop: its thread kind, backoff after failures, failure log and extra stop condition. */
    public static final class Builder {
        private final String name;
        private Supplier<Backoff> backoff = () -> Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0);
        private FailureStreak streak;
        private Logger log = LOG;
        private BooleanSupplier stopWhen = () -> false;
        private boolean virtual;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param value the waits after failed steps (default exponential, 100 ms to 5 s)
         * @return this builder
         */
        public Builder backoff(Supplier<Backoff> value) {
            backoff = Objects.requireNonNull(value, "backoff");
            return this;
        }

        /**
         * @param value where failed steps are recorded (default: one of its own, with stack traces, on
         *              {@link #logger})
         * @return this builder
         */
        public Builder failures(FailureStreak value) {
            streak = Objects.requireNonNull(value, "failures");
            return this;
        }

        /**
         * @param value the logger of the loop's own failure streak (default: this class's)
         * @return this builder
         */
        public Builder logger(Logger value) {
            log = Objects.requireNonNull(value, "logger");
            return this;
        }

        /**
         * @param value a condition checked before each step that also ends the loop (e.g. a generation
         *              that moved on); {@link #stop()} is still the way to stop it from outside
         * @return this builder
         */
        public Builder stopWhen(BooleanSupplier value) {
            stopWhen = Objects.requireNonNull(value, "stopWhen");
            return this;
        }

        /**
         * @param value true for a virtual thread, false (the default) for a daemon platform thread
         * @return this builder
         */
        public Builder virtual(boolean value) {
            virtual = value;
            return this;
        }

        /**
         * @param step the iteration
         * @return the loop, not started: {@link BackgroundLoop#start()} it, or {@link BackgroundLoop#run()}
         *         it on a thread of your own
         */
        public BackgroundLoop build(Step step) {
            return new BackgroundLoop(this, step);
        }

        /**
         * @param step the iteration
         * @return the loop, running on a new thread
         */
        public BackgroundLoop start(Step step) {
            return build(step).start();
        }
    }

    /**
     * Starts the loop on a new thread named after it.
     *
     * @return this loop
     * @throws IllegalStateException when it was started or run before
     */
    public BackgroundLoop start() {
        claim();
        Thread.Builder b = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        Thread t = b.name(name).unstarted(this::runClaimed);
        thread = t;
        t.start();
        return this;
    }

    /**
     * Runs the loop on the calling thread until it stops (the loop of a thread made elsewhere).
     *
     * @throws IllegalStateException when it was started or run before
     */
    public void run() {
        claim();
        runClaimed();
    }

    private void claim() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("Loop " + name + " was started already");
        }
    }

    private void runClaimed() {
        thread = Thread.currentThread();
        try {
            loop();
        } finally {
            stopped.set(true);
        }
    }

    private void loop() {
        while (!stopping()) {
            try {
                step.run();
                streak.succeeded();
                backoff.reset();
            } catch (InterruptedException e) {
                ended();
                return;
            } catch (Exception | Error e) {
                streak.failed(e);
                if (!pauseAfterFailure()) {
                    ended();
                    return;
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                ended();
                return;
            }
        }
    }

    private boolean pauseAfterFailure() {
        try {
            sleep(backoff.next());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void ended() {
        Thread.currentThread().interrupt(); // leave the flag for whoever runs this thread
        if (!stopped.getAndSet(true)) {
            LOG.log(Level.DEBUG, "{0} ended by an interrupt", name);
        }
    }

    /** @return whether the loop was asked to stop, or its stop condition holds */
    public boolean stopping() {
        return stopped.get() || stopWhen.getAsBoolean();
    }

    /** Asks the loop to stop (idempotent): no step starts after this, and a waiting step is interrupted. */
    public void stop() {
        if (stopped.getAndSet(true)) {
            return;
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    /**
     * Stops the loop and waits for its thread to end.
     *
     * @param timeout the longest wait
     * @return true when the thread ended (or never started)
     */
    public boolean stopAndJoin(Duration timeout) {
        stop();
        return join(timeout);
    }

    /**
     * Waits for the loop's thread to end, without stopping it (for a loop that ends by itself, e.g. on
     * a stop marker it reads from its queue).
     *
     * @param timeout the longest wait
     * @return true when the thread ended (or never started); false when the time ran out or the caller
     *         was interrupted (its interrupt flag is then set)
     */
    public boolean join(Duration timeout) {
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return true;
        }
        try {
            return t.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the loop's name */
    public String name() {
        return name;
    }

    /**
     * Sleeps for a while; the usual last line of a step that runs every so often.
     *
     * @param d how long; zero or negative returns at once (after checking the interrupt flag)
     * @throws InterruptedException when interrupted (the loop ends)
     */
    public static void sleep(Duration d) throws InterruptedException {
        if (d.isPositive()) {
            Thread.sleep(d);
        } else if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
