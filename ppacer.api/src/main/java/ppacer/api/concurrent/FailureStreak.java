package ppacer.api.concurrent;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import ppacer.api.PpacerException;

/**
 * Logs a run of failures of one kind of call without flooding the log: the first failure of a
 * streak at WARNING, the following ones at DEBUG, and the first success after failures at INFO.
 * Thread-safe: many threads that make the same kind of call (an executor's reports, heartbeats) share
 * one streak.
 *
 * <p>A {@link PpacerException} is logged by its message (it names what failed); any other throwable
 * by its {@code toString()}, and with its stack trace when the streak was made {@link #withStackTraces}
 * (a loop's unexpected failure is a bug worth a trace).
 */
public final class FailureStreak {
    private final Logger log;
    private final String what;
    private final boolean stackTraces;
    private final AtomicBoolean failing = new AtomicBoolean();

    private FailureStreak(Logger log, String what, boolean stackTraces) {
        this.log = log;
        this.what = what;
        this.stackTraces = stackTraces;
    }

    /**
     * A streak whose failures are logged by their message alone.
     *
     * @param log where to log
     * @param what the calls, for the messages, e.g. {@code "Executor e1 reports"}
     * @return the streak
     */
    public static FailureStreak of(Logger log, String what) {
        return new FailureStreak(log, what, false);
    }

    /**
     * A streak whose failures other than {@link PpacerException}s are logged with their stack trace.
     *
     * @param log where to log
     * @param what the calls, for the messages
     * @return the streak
     */
    public static FailureStreak withStackTraces(Logger log, String what) {
        return new FailureStreak(log, what, true);
    }

    /**
     * Records a failure.
     *
     * @param e the failure
     */
    public void failed(Throwable e) {
        boolean first = failing.compareAndSet(false, true);
        Level level = first ? Level.WARNING : Level.DEBUG;
        if (stackTraces && !(e instanceof PpacerException)) {
            log.log(level, what + ": failing, will keep trying: " + e, e);
        } else {
            log.log(level, "{0}: failing, will keep trying: {1}", what,
                    e instanceof PpacerException ? e.getMessage() : e.toString());
        }
    }

    /** Records a success; logs the end of a streak. */
    public void succeeded() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            log.log(Level.INFO, "{0}: working again", what);
        }
    }

    /** @return whether the last recorded call failed */
    public boolean failing() {
        return failing.get();
    }
}
