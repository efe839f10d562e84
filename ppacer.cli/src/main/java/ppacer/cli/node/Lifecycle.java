package ppacer.cli.node;

import java.io.PrintWriter;

/**
 * How a long-running command ({@code run}, {@code scheduler}, {@code executor}) lives and ends. In the
 * process it runs until SIGINT (Ctrl-C) or SIGTERM, then stops gracefully, saying how many running
 * tasks it waits for; a second signal ends the process at once ({@link #untilSignal}). Tests pass
 * their own to stop it on demand.
 */
public interface Lifecycle {
    /**
     * Keeps {@code running} until asked to stop, then stops it gracefully; returns once stopped.
     *
     * @param running what to keep and stop
     * @return the command's exit code: 0, or 128 + the signal's number when a signal stopped it (130 for
     *     SIGINT, 143 for SIGTERM), as a process ended by that signal
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws ppacer.api.PpacerException the reason {@code running} could not go on (its
     *     {@link Running#failure()}), after it was stopped
     */
    int serve(Running running) throws InterruptedException;

    /**
     * Called before a long-running command starts anything: from here on, a stop asked for (Ctrl-C)
     * is kept and honoured by {@link #serve} as soon as the service runs.
     */
    default void starting() {
    }

    /**
     * @param out where the stop is announced
     * @return a life cycle ended by SIGINT or SIGTERM (a second one halts the process with exit code
     *     130), or by the JVM's shutdown (SIGHUP, {@code System.exit})
     */
    static Lifecycle untilSignal(PrintWriter out) {
        return new SignalLifecycle(out);
    }
}
