package ppacer.scheduler.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import ppacer.api.Alert;
import ppacer.api.Notifier;

/**
 * Renders alerts and sends them on a separate thread, so a slow or failing notifier never blocks
 * scheduling.
 *
 * <p>Failure handling: the hand-over queue is bounded; when it is full the alert is dropped, counted
 * and logged at WARNING. A notifier that throws is logged at WARNING and the next alert goes on.
 *
 * <p>Template (ppacer's default, adapted):
 * <pre>
 * Task [TASK] in DAG [DAG] at LOGICAL_TIME has failed (run RUN, attempt N[, will be retried]).
 * Error:
 *     ERROR
 * </pre>
 */
public final class NotificationDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NotificationDispatcher.class.getName());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z");

    private final List<Notifier> defaults;
    private final ZoneId zone;
    private final ThreadPoolExecutor executor;
    private final CoreCounters counters;

    /**
     * With counters of its own.
     *
     * @param defaults notifiers for tasks without their own (not empty)
     * @param zone the zone logical times are shown in
     * @param capacity alerts that may wait to be sent
     */
    public NotificationDispatcher(List<Notifier> defaults, ZoneId zone, int capacity) {
        this(defaults, zone, capacity, new CoreCounters());
    }

    /**
     * @param defaults notifiers for tasks without their own (not empty)
     * @param zone the zone logical times are shown in
     * @param capacity alerts that may wait to be sent
     * @param counters where alerts sent and dropped are counted (the scheduler's, kept across leadership terms)
     */
    public NotificationDispatcher(List<Notifier> defaults, ZoneId zone, int capacity, CoreCounters counters) {
        this.counters = counters;
        this.defaults = List.copyOf(defaults);
        this.zone = zone;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                Thread.ofVirtual().name("ppacer-notifier").factory(), (r, ex) -> {
                    throw new RejectedExecutionException("notification queue full");
                });
    }

    /**
     * Renders the message.
     *
     * @param kind retry or final failure
     * @param dagId the DAG
     * @param runId the run
     * @param logicalTime the run's logical time
     * @param taskId the task
     * @param attempt the failed attempt
     * @param error the error text
     * @return the message
     */
    public String render(Alert.Kind kind, String dagId, long runId, Instant logicalTime, String taskId, int attempt,
                         Optional<String> error) {
        StringBuilder b = new StringBuilder().append("Task [").append(taskId).append("] in DAG [").append(dagId)
                .append("] at ").append(TIME.format(logicalTime.atZone(zone))).append(" has failed (run ").append(runId)
                .append(", attempt ").append(attempt).append(kind == Alert.Kind.RETRY ? ", will be retried)." : ").");
        error.ifPresent(e -> b.append("\nError:\n\t").append(e.replace("\n", "\n\t")));
        return b.toString();
    }

    /**
     * Queues an alert for sending.
     *
     * @param kind retry or final failure
     * @param dagId the DAG
     * @param runId the run
     * @param logicalTime the run's logical time
     * @param taskId the task
     * @param attempt the failed attempt
     * @param error the error text
     * @param override the task's own notifier, if any
     */
    public void dispatch(Alert.Kind kind, String dagId, long runId, Instant logicalTime, String taskId, int attempt,
                         Optional<String> error, Optional<Notifier> override) {
        Alert alert = new Alert(kind, dagId, runId, logicalTime, taskId, attempt, error,
                render(kind, dagId, runId, logicalTime, taskId, attempt, error));
        List<Notifier> targets = override.map(List::of).orElse(defaults);
        try {
            executor.execute(() -> {
                for (Notifier n : targets) {
                    try {
                        n.send(alert);
                        counters.alertSent();
                    } catch (Exception | LinkageError e) {
                        LOG.log(Level.WARNING, "Notifier " + n.getClass().getName() + " failed for task '" + taskId
                                + "' of DAG '" + dagId + "' run " + runId + " attempt " + attempt, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            long n = counters.alertDropped();
            LOG.log(Level.WARNING, "Alert dropped, notification queue full (dropped so far: " + n + "): "
                    + alert.message());
        }
    }

    /**
     * Renders and queues the alert of a missed deadline, with why the run or task was not finished.
     *
     * @param dagId the DAG
     * @param runId the run
     * @param logicalTime its logical time
     * @param taskId the task, or empty text for the run's own deadline
     * @param attempt the task's latest attempt, -1 when none (and for the run)
     * @param deadline the deadline, in words (e.g. {@code logical time + PT1H})
     * @param dueAt when it was due
     * @param why the explainer's answer at this moment, one reason per line
     * @param override the task's own notifier, if any
     */
    public void dispatchDeadline(String dagId, long runId, Instant logicalTime, String taskId, int attempt, String deadline,
                                 Instant dueAt, String why, Optional<Notifier> override) {
        String what = taskId.isEmpty() ? "Run " + runId + " of DAG [" + dagId + "]"
                : "Task [" + taskId + "] in DAG [" + dagId + "] (run " + runId + ")";
        String message = what + " at " + TIME.format(logicalTime.atZone(zone)) + " missed its deadline: due "
                + TIME.format(dueAt.atZone(zone)) + " (" + deadline + "); it goes on.\nWhy:\n\t" + why.replace("\n", "\n\t");
        send(new Alert(Alert.Kind.DEADLINE_MISSED, dagId, runId, logicalTime, taskId, attempt, Optional.empty(), message,
                Optional.of(why)), override.map(List::of).orElse(defaults), what);
    }

    private void send(Alert alert, List<Notifier> targets, String what) {
        try {
            executor.execute(() -> {
                for (Notifier n : targets) {
                    try {
                        n.send(alert);
                        counters.alertSent();
                    } catch (Exception | LinkageError e) {
                        LOG.log(Level.WARNING, "Notifier " + n.getClass().getName() + " failed for " + what, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            long n = counters.alertDropped();
            LOG.log(Level.WARNING, "Alert dropped, notification queue full (dropped so far: " + n + "): "
                    + alert.message());
        }
    }

    /** @return alerts dropped because the queue was full (counted in its {@link CoreCounters}) */
    public long dropped() {
        return counters.alertsDropped();
    }

    /** @return alerts handed to a notifier without an exception (counted in its {@link CoreCounters}) */
    public long sent() {
        return counters.alertsSent();
    }

    /** Stops taking alerts and waits briefly for those queued. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
