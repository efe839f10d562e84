package ppacer.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import ppacer.api.DagRegistry;
import ppacer.api.DagTask;
import ppacer.api.SkipTaskException;
import ppacer.api.TaskDeferredException;
import ppacer.api.TaskMapping;
import ppacer.api.TaskOutput;
import ppacer.api.concurrent.BackgroundLoop;
import ppacer.api.concurrent.Backoff;
import ppacer.api.concurrent.FailureStreak;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.Heartbeat;
import ppacer.api.protocol.OutputBody;
import ppacer.api.protocol.TaskLogBatch;
import ppacer.api.protocol.TaskToExec;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TraceSpan;
import ppacer.exec.wire.WireJson;

/**
 * Takes task attempts from a scheduler, runs them, and reports their outcome.
 *
 * <p>Design:
 * <ul>
 *   <li>One poll loop takes attempts with long polls while permits (the concurrency limit) are
 *       free; it backs off per {@link Backoff} when a call fails, whatever the exception, and stops
 *       only when the scheduler refuses it for good (a missing or wrong token: {@link #refusal()}). Every background thread is a {@link BackgroundLoop}: none dies of one
 *       failed iteration, and a streak of failures is logged once at WARNING ({@link FailureStreak}).</li>
 *   <li>Each attempt runs on its own virtual thread. When it ends, the same thread reports the
 *       outcome and takes the next attempt in the same call ({@link SchedulerLink#reportAndTake}),
 *       saving a round trip; a report is retried with backoff until it is acknowledged or refused
 *       for good ({@link LinkException.Kind#CONFLICT}, {@link LinkException.Kind#REFUSED}), or the
 *       executor is closed and its shutdown timeout has passed.</li>
 *   <li>A timer thread enforces timeouts (interrupt + FAILED "timed out after ..."); two loops send
 *       heartbeats for long attempts and ship buffered log records in batches. A refused
 *       heartbeat (the lease was lost) cancels the attempt without a report.</li>
 *   <li>Failure handling: an exception is a FAILED outcome carrying the stack trace; a task the
 *       registry does not know is reported FAILED, so its run never hangs.</li>
 * </ul>
 */
public final class Executor implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Executor.class.getName());
    private static final int MAX_TAKE = 64;

    private final DagLookup dags;
    private final SchedulerLink link;
    private final ExecutorConfig config;
    private final Semaphore permits;
    /** Gathers concurrent reports into one exchange; null when the link does not batch (in process). */
    private final ReportBatcher batcher;
    private final ConcurrentHashMap<String, AttemptRun> running = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final FailureStreak polls;
    private final FailureStreak reports;
    private final FailureStreak heartbeats;
    private final FailureStreak logShipments;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    /** Spaces out empty answers when long polls are off (poll thread only). */
    private final Backoff idlePolls;
    /** Completed when the scheduler refuses to hand this executor tasks for good (401, 403, ...). */
    private final CompletableFuture<Void> refused = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile Instant giveUpAt = Instant.MAX;
    private BackgroundLoop poller;
    private BackgroundLoop heartbeatRounds;
    private BackgroundLoop logRounds;

    private Executor(DagLookup dags, SchedulerLink link, ExecutorConfig config) {
        this.dags = Objects.requireNonNull(dags, "dags");
        this.link = Objects.requireNonNull(link, "link");
        this.config = Objects.requireNonNull(config, "config");
        this.permits = new Semaphore(config.maxConcurrency());
        this.batcher = link.batchesReports() ? new ReportBatcher(link, config.executorId(), this::extra) : null;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "ppacer-exec-timer-" + config.executorId());
            th.setDaemon(true);
            return th;
        });
        // an attempt's timeout is cancelled when it ends: drop it from the queue then, or a busy executor
        // keeps every finished attempt (with a 10-minute default timeout, millions) until its deadline
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        String me = "Executor " + config.executorId() + " ";
        this.polls = FailureStreak.of(LOG, me + "taking tasks");
        this.reports = FailureStreak.of(LOG, me + "reports");
        this.heartbeats = FailureStreak.of(LOG, me + "heartbeats");
        this.logShipments = FailureStreak.of(LOG, me + "log shipments");
        this.idlePolls = config.backoff().get();
    }

    /**
     * An executor; call {@link #start()} to begin taking attempts.
     *
     * @param registry the DAGs this executor can run (the same as the scheduler's)
     * @param link the way to the scheduler
     * @param config settings
     * @return the executor
     */
    public static Executor create(DagRegistry registry, SchedulerLink link, ExecutorConfig config) {
        return new Executor(DagLookup.of(registry), link, config);
    }

    /**
     * Creates an executor that finds each attempt's DAG by its id and bundle version.
     *
     * @param dags finds the DAGs (built into the image, or of a bundle version)
     * @param link the scheduler
     * @param config the settings
     * @return the executor, not started
     */
    public static Executor create(DagLookup dags, SchedulerLink link, ExecutorConfig config) {
        return new Executor(dags, link, config);
    }

    /**
     * Starts the poll loop and the timer tasks.
     *
     * @return this executor
     */
    public Executor start() {
        String id = config.executorId();
        heartbeatRounds = BackgroundLoop.named("ppacer-exec-heartbeats-" + id).logger(LOG).virtual(true).start(() -> {
            BackgroundLoop.sleep(config.heartbeatInterval());
            sendHeartbeats();
        });
        logRounds = BackgroundLoop.named("ppacer-exec-logs-" + id).logger(LOG).virtual(true).start(() -> {
            BackgroundLoop.sleep(config.logFlushInterval());
            flushAllLogs();
        });
        poller = BackgroundLoop.named("ppacer-exec-poll-" + id).logger(LOG).failures(polls).backoff(config.backoff())
                .stopWhen(refused::isDone).start(this::pollOnce);
        LOG.log(Level.INFO, "Executor {0} started against {1}, up to {2} concurrent attempts", config.executorId(), link,
                config.maxConcurrency());
        return this;
    }

    /**
     * @return completes exceptionally with the {@link LinkException} (kind
     *     {@link LinkException.Kind#REFUSED}) when the scheduler refuses to hand this executor tasks, for
     *     a reason retrying cannot change (a missing or wrong token: 401, 403); the executor then takes
     *     no more tasks and should be closed. Network failures and 5xx are retried and never complete it.
     */
    public CompletionStage<Void> refusal() {
        return refused.copy();
    }

    /** @return this executor's id */
    public String id() {
        return config.executorId();
    }

    /** @return how many attempts are running now */
    public int running() {
        return running.size();
    }

    /** @return timeouts of running attempts queued in the timer */
    int timeoutsQueued() {
        return timer.getQueue().size();
    }

    /**
     * One round of the poll loop: waits for a free permit, takes as many attempts as permits are free
     * and starts them. A failed take is thrown: the loop records it in {@code polls} and backs off.
     */
    private void pollOnce() throws InterruptedException {
        permits.acquire(); // close() stops the loop, interrupting this wait
        int n = 1 + permits.drainPermits();
        if (n > MAX_TAKE) {
            permits.release(n - MAX_TAKE);
            n = MAX_TAKE;
        }
        List<TaskToExec> tasks;
        try {
            tasks = stopping ? List.of() : link.take(config.executorId(), config.longPollWait(), n);
        } catch (LinkException e) {
            permits.release(n);
            if (e.kind() == LinkException.Kind.REFUSED) {
                // not transient (a missing or wrong token, a bad request): retrying cannot help
                LOG.log(Level.ERROR, "Executor {0} stops taking tasks: the scheduler refused: {1}", config.executorId(),
                        e.getMessage());
                refused.completeExceptionally(e);
                return;
            }
            throw e;
        } catch (RuntimeException e) {
            permits.release(n);
            throw e;
        }
        permits.release(n - tasks.size());
        if (tasks.isEmpty()) {
            if (config.longPollWait().isZero()) {
                BackgroundLoop.sleep(idlePolls.next());
            }
            return;
        }
        idlePolls.reset();
        for (TaskToExec t : tasks) {
            Thread.ofVirtual().name("ppacer-task-" + t.runId() + "-" + t.taskId()).start(() -> runChain(t));
        }
    }

    /** A report's retry wait; an interrupt (a timed-out attempt's) ends it early, and the retries go on. */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            // the caller's deadline decides
        }
    }

    /** Runs an attempt, then the attempts taken along with its report, holding one permit throughout. */
    private void runChain(TaskToExec first) {
        TaskToExec next = first;
        try {
            while (next != null) {
                next = runOne(next);
            }
        } catch (RuntimeException e) {
            // runOne reports whatever its links do; this is a bug of the executor itself: say so, free the slot
            LOG.log(Level.ERROR, "Executor " + config.executorId() + ": attempt " + next + " ended abnormally", e);
        } finally {
            permits.release();
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private TaskToExec runOne(TaskToExec t) {
        TraceSpan span = !config.tracing().enabled() ? TraceSpan.NONE : config.tracing().startExecution(t.traceparent(),
                t.dagId(), new AttemptKey(t.runId(), t.taskId(), t.retry()), config.clock().instant());
        try {
            return runOne(t, span);
        } finally { // ignored when the outcome ended it
            endSpan(span, "ABANDONED", null, "ended without a report");
        }
    }

    /** Ends an execution's span (nothing when not traced: no clock read). */
    private void endSpan(TraceSpan span, String status, String error, String failure) {
        if (span != TraceSpan.NONE) {
            boolean failed = failure != null || "FAILED".equals(status);
            span.end(status, failed, failure != null ? failure : error == null ? null : firstLine(error),
                    config.clock().instant());
        }
    }

    private TaskToExec runOne(TaskToExec t, TraceSpan span) {
        AttemptRun run = new AttemptRun(t, paramsJson(t), config.clock(), link::previousOutput,
                link::dagRunStatus);
        // the execution span's context, else the attempt's as handed out: a hop that makes no span of its own
        // (tracing off here, or the in-process executor, whose attempt span stands for the execution) passes it on
        run.traceparent(span != TraceSpan.NONE ? span.traceparent() : t.traceparent() == null ? "" : t.traceparent());
        String key = t.runId() + "/" + t.taskId() + "/" + t.retry();
        running.put(key, run);
        run.thread = Thread.currentThread();
        DagRunTaskStatus outcome;
        String declared = t.mapIndex() == null ? t.taskId() : TaskMapping.mappedTaskOf(t.taskId()).orElse(t.taskId());
        Optional<DagTask> task;
        String lookupError = null;
        try {
            task = dags.find(t.dagId(), t.bundleHash()).flatMap(d -> d.task(declared));
        } catch (RuntimeException e) {
            task = Optional.empty();
            lookupError = "Executor " + config.executorId() + " cannot load DAG '" + t.dagId() + "' of bundle version "
                    + t.bundleHash() + ": " + e.getMessage();
        }
        if (lookupError != null) {
            outcome = status(run, "FAILED", lookupError);
            run.claimOutcome();
        } else if (task.isEmpty()) {
            outcome = status(run, "FAILED", "Executor " + config.executorId() + " has no task '" + t.taskId()
                    + "' of DAG '" + t.dagId() + "' in its registry; is it running the same DAG definitions?");
            run.claimOutcome();
        } else {
            run.children(task.get().children());
            run.parents(task.get().parents());
            ScheduledFuture<?> timeout = timer.schedule(() -> timeOut(run), t.timeoutMs(), TimeUnit.MILLISECONDS);
            String error = null;
            String skipped = null;
            TaskDeferredException deferred = null;
            try {
                task.get().task().execute(run);
            } catch (SkipTaskException e) {
                skipped = String.valueOf(e.getMessage());
            } catch (TaskDeferredException e) {
                deferred = e;
            } catch (Throwable e) {
                error = stackTrace(e);
            } finally {
                timeout.cancel(false);
                Thread.interrupted(); // do not carry a timeout's interrupt into reporting
            }
            if (!run.claimOutcome()) {
                running.remove(key);
                endSpan(span, "ABANDONED", null, "timed out or lease lost");
                return null; // timed out or lease lost: someone else handled the outcome
            }
            if (error != null && run.pastDeadline()) {
                // the task saw its deadline (isCancelled) before the timer fired: still a timeout
                error = "Task '" + run.taskId() + "' timed out after " + run.timeout();
            }
            if (error != null) {
                run.log(Level.ERROR, "Task failed: " + firstLine(error), java.util.Map.of());
            }
            if (deferred != null && error == null) {
                java.time.Instant due = deferred.dueAt(config.clock().instant());
                run.log(Level.INFO, "Task deferred itself until " + due + ": " + deferred.reason(), java.util.Map.of());
                TaskToExec t0 = run.task();
                outcome = new DagRunTaskStatus(t0.dagId(), t0.execTs(), t0.taskId(), t0.retry(), "DEFERRED", null,
                        t0.runId(), t0.token(), config.executorId(), null, deferred.reason(), null, due.toString(),
                        deferred.timeout().map(java.time.Duration::toMillis).orElse(null),
                        deferred.backoff() ? Boolean.TRUE : null);
            } else if (skipped != null) {
                run.log(Level.INFO, "Task skipped itself: " + skipped, java.util.Map.of());
                outcome = status(run, "SKIPPED", null, null, skipped);
            } else {
                outcome = status(run, error == null ? "SUCCESS" : "FAILED", error,
                        error == null ? run.branchChoice() : null, null);
            }
        }
        endSpan(span, outcome.status(), outcome.taskError(), null);
        shipLogs(run, true);
        // Stays in `running` until the report is acknowledged, so heartbeats keep its lease alive
        // while the report is retried (a scheduler restart or a leader change can take seconds).
        List<TaskToExec> more;
        try {
            more = report(outcome, stopping ? 0 : 1);
        } finally {
            running.remove(key);
        }
        if (more.size() > 1) { // asked for one; be robust if the scheduler gave more
            for (TaskToExec extra : more.subList(1, more.size())) {
                extra(extra);
            }
        }
        return more.isEmpty() ? null : more.getFirst();
    }

    /** Runs an attempt the scheduler handed out beyond what was asked for, or reports it failed when no slot is free. */
    private void extra(TaskToExec extra) {
        if (permits.tryAcquire()) {
            Thread.ofVirtual().start(() -> runChain(extra));
        } else {
            report(status(new AttemptRun(extra, "{}", config.clock()), "FAILED",
                    "Executor " + config.executorId() + " had no free slot for an extra attempt"), 0);
        }
    }

    private void timeOut(AttemptRun run) {
        if (!run.claimOutcome()) {
            return;
        }
        run.cancel();
        String message = "Task '" + run.taskId() + "' timed out after " + run.timeout();
        run.log(Level.ERROR, message, java.util.Map.of());
        Thread.ofVirtual().start(() -> {
            shipLogs(run, true);
            report(status(run, "FAILED", message), 0);
        });
    }

    private DagRunTaskStatus status(AttemptRun run, String status, String error) {
        return status(run, status, error, null, null);
    }

    /** A report; {@code branch} with SUCCESS (null when the task did not branch), {@code reason} with SKIPPED. */
    private DagRunTaskStatus status(AttemptRun run, String status, String error, List<String> branch, String reason) {
        TaskToExec t = run.task();
        TaskOutput out = "SUCCESS".equals(status) ? run.output() : null;
        return new DagRunTaskStatus(t.dagId(), t.execTs(), t.taskId(), t.retry(), status, error, t.runId(), t.token(),
                config.executorId(), branch, reason, out == null ? null : OutputBody.of(out));
    }

    /**
     * Reports (gathered with concurrent reports into one exchange when the link batches), retrying
     * alone on transient failures; returns the attempts taken along with it.
     */
    private List<TaskToExec> report(DagRunTaskStatus status, int take) {
        if (batcher == null) {
            return reportAlone(status, take);
        }
        ReportBatcher.Pending p = batcher.report(status, take > 0);
        if (p.failure != null || p.refusal.filter(LinkException::isTransient).isPresent()) {
            return reportAlone(status, take);
        }
        if (p.refusal.isPresent()) {
            refused(status, p.refusal.get());
            return List.of();
        }
        reports.succeeded();
        return p.next == null ? List.of() : List.of(p.next);
    }

    /**
     * Reports alone, retried with backoff on any failure but a conflict or a refusal, until it is
     * acknowledged (or, once the executor is closing, its shutdown timeout has passed); returns the
     * attempts taken along with it.
     */
    private List<TaskToExec> reportAlone(DagRunTaskStatus status, int take) {
        Backoff backoff = config.backoff().get();
        while (true) {
            try {
                List<TaskToExec> next = link.reportAndTake(status, config.executorId(), take);
                reports.succeeded();
                return next;
            } catch (RuntimeException e) {
                if (!LinkException.worthRetrying(e)) {
                    refused(status, e);
                    return List.of();
                }
                reports.failed(e);
                if (config.clock().instant().isAfter(giveUpAt)) {
                    LOG.log(Level.ERROR, "Executor {0}: stopped before reporting {1} of run {2} task ''{3}'' attempt"
                            + " {4}; the scheduler will judge it by its lease: {5}", config.executorId(),
                            status.status(), status.runId(), status.taskId(), status.retry(), e.getMessage());
                    return List.of();
                }
                pause(backoff.next());
            }
        }
    }

    private void refused(DagRunTaskStatus status, RuntimeException e) {
        LOG.log(Level.WARNING, "Executor {0}: report {1} of run {2} task ''{3}'' attempt {4} refused: {5}",
                config.executorId(), status.status(), status.runId(), status.taskId(), status.retry(), e.getMessage());
    }

    private void sendHeartbeats() {
        Instant due = config.clock().instant().minus(config.heartbeatInterval().dividedBy(2));
        for (AttemptRun run : running.values()) {
            if (run.lastHeartbeat.isBefore(due)) {
                Thread.ofVirtual().start(() -> heartbeat(run));
            }
        }
    }

    private void heartbeat(AttemptRun run) {
        TaskToExec t = run.task();
        try {
            link.heartbeat(new Heartbeat(t.runId(), t.taskId(), t.retry(), t.token(), config.executorId()));
            run.lastHeartbeat = config.clock().instant();
            heartbeats.succeeded();
        } catch (RuntimeException e) {
            if (LinkException.worthRetrying(e)) {
                heartbeats.failed(e); // the next round tries again
            } else if (run.claimOutcome()) {
                LOG.log(Level.WARNING, "Executor {0}: {1} lost its lease, cancelling it: {2}", config.executorId(), run,
                        e.getMessage());
                run.cancel();
            }
        }
    }

    private void flushAllLogs() {
        for (AttemptRun run : running.values()) {
            if (run.hasLogs() && !run.shipping.isLocked()) {
                Thread.ofVirtual().start(() -> shipLogs(run, false));
            }
        }
    }

    /** Ships an attempt's buffered records in order; {@code wait} blocks on a shipment in progress. */
    private void shipLogs(AttemptRun run, boolean wait) {
        if (wait) {
            run.shipping.lock();
        } else if (!run.shipping.tryLock()) {
            return;
        }
        try {
            while (run.hasLogs()) {
                TaskLogBatch batch = run.drain(config.logBatchSize(), config.executorId());
                try {
                    link.logs(batch);
                    logShipments.succeeded();
                } catch (RuntimeException e) {
                    if (LinkException.worthRetrying(e)) {
                        run.requeue(batch);
                    }
                    logShipments.failed(e);
                    return;
                }
            }
        } finally {
            run.shipping.unlock();
        }
    }

    private static String paramsJson(TaskToExec t) {
        if (t.params() == null || t.params().isEmpty()) {
            return "{}";
        }
        try {
            return WireJson.mapper().writeValueAsString(t.params());
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }

    /**
     * Stops taking attempts, waits up to the shutdown timeout for running ones to finish and report,
     * then cancels the rest (their leases expire at the scheduler, which retries them).
     */
    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    /**
     * Stops taking attempts, waits up to {@code timeout} for running ones to finish and report,
     * then cancels the rest.
     *
     * @param timeout the longest wait
     * @return true when no attempt had to be cancelled
     */
    public boolean close(Duration timeout) {
        if (stopping) {
            return running.isEmpty();
        }
        stopping = true;
        Instant deadline = config.clock().instant().plus(timeout);
        giveUpAt = deadline;
        if (poller != null) {
            poller.stop();
        }
        lock.lock();
        try {
            while (!running.isEmpty() && config.clock().instant().isBefore(deadline)) {
                idle.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        int left = running.size();
        running.values().forEach(AttemptRun::cancel);
        timer.shutdownNow();
        if (heartbeatRounds != null) {
            heartbeatRounds.stop();
            logRounds.stop();
        }
        LOG.log(Level.INFO, "Executor {0} stopped ({1} attempts cancelled)", config.executorId(), left);
        return left == 0;
    }
}
