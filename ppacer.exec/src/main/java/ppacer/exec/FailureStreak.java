package ppacer.exec;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs a run of failures of one kind of call without flooding the log: the first failure of a
 * streak at WARNING (with its message), the following ones at DEBUG, and the first success after
 * failures at INFO. Thread-safe: the many threads of an executor that report or heartbeat at once
 * share one streak per kind of call.
 */
final class FailureStreak {
    private final Logger log;
    private final String what;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param log where to log
     * @param what the calls, for the messages, e.g. {@code "Executor e1 reports"}
     */
    FailureStreak(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /**
     * Records a failure.
     *
     * @param e the failure
     */
    void failed(RuntimeException e) {
        boolean first = failing.compareAndSet(false, true);
        log.log(first ? Level.WARNING : Level.DEBUG, "{0}: failing, will keep trying: {1}", what, describe(e));
    }

    /** Records a success; logs the end of a streak. */
    void succeeded() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            log.log(Level.INFO, "{0}: working again", what);
        }
    }

    private static String describe(RuntimeException e) {
        return e instanceof LinkException ? e.getMessage() : e.toString();
    }
}
