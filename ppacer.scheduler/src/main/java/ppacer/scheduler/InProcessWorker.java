package ppacer.scheduler;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import ppacer.api.Task;
import ppacer.scheduler.core.AttemptContext;
import ppacer.scheduler.core.BatchingTaskLogger;

/**
 * Runs tasks inside the scheduler's JVM without HTTP: takes attempts with
 * {@link Scheduler#nextTask}, runs each on a virtual thread (at most {@link WorkerConfig#concurrency()}
 * at once), heartbeats long tasks, enforces the task timeout (the attempt is reported FAILED "task
 * exceeded timeout of PT0.1S" and the task thread interrupted) and reports the outcome; an exception
 * is reported as FAILED with its stack trace.
 */
public final class InProcessWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InProcessWorker.class.getName());

    private final Scheduler scheduler;
    private final WorkerConfig config;
    private final Semaphore slots;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicLong completed = new AtomicLong();
    private final Thread poller;

    private InProcessWorker(Scheduler scheduler, WorkerConfig config) {
        this.scheduler = scheduler;
        this.config = config;
        this.slots = new Semaphore(config.concurrency());
        this.poller = Thread.ofVirtual().name("ppacer-worker-" + config.executorId()).unstarted(this::poll);
    }

    /**
     * Starts a worker.
     *
     * @param scheduler the scheduler to take tasks from
     * @param config the settings
     * @return the running worker
     */
    public static InProcessWorker start(Scheduler scheduler, WorkerConfig config) {
        InProcessWorker w = new InProcessWorker(scheduler, config);
        w.poller.start();
        return w;
    }

    /** @return attempts run to the end and reported (accepted or not) */
    public long completed() {
        return completed.get();
    }

    private void poll() {
        try {
            while (!stopping.get()) {
                if (scheduler.state() != SchedulerState.RUNNING) {
                    if (scheduler.state() == SchedulerState.STOPPED || stopSignal.await(config.pollTimeout().toNanos(),
                            TimeUnit.NANOSECONDS)) {
                        return;
                    }
                    continue;
                }
                slots.acquire();
                boolean handed = false;
                try {
                    var lease = scheduler.nextTask(config.executorId(), config.pollTimeout());
                    if (lease.isPresent()) {
                        TaskLease l = lease.get();
                        Thread.ofVirtual().name("ppacer-task-" + l.dagId() + "-" + l.taskId()).start(() -> {
                            try {
                                execute(l);
                            } finally {
                                slots.release();
                            }
                        });
                        handed = true;
                    }
                } finally {
                    if (!handed) {
                        slots.release();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(TaskLease lease) {
        Task task = scheduler.registry().find(lease.dagId()).flatMap(d -> d.task(lease.taskId())).orElseThrow().task();
        BatchingTaskLogger logger = new BatchingTaskLogger(lease.key(), scheduler.store().taskLogs(), scheduler.clock(),
                config.logBatchSize());
        AtomicBoolean cancelled = new AtomicBoolean();
        AttemptContext ctx = new AttemptContext(lease.dagId(), lease.taskId(), lease.runId(), lease.logicalTime(),
                lease.attempt(), lease.paramsJson(), logger, scheduler.clock().instant().plus(lease.timeout()),
                scheduler.clock(), () -> cancelled.get() || stopping.get());
        AtomicReference<TaskOutcome> result = new AtomicReference<>();
        Thread runner = Thread.ofVirtual().name("ppacer-run-" + lease.taskId()).start(() -> {
            try {
                task.execute(ctx);
                result.set(TaskOutcome.success());
            } catch (Throwable t) {
                result.set(TaskOutcome.failed(stackTrace(t)));
            }
        });
        TaskOutcome outcome;
        long deadline = System.nanoTime() + lease.timeout().toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    cancelled.set(true);
                    runner.interrupt();
                    outcome = TaskOutcome.failed("task exceeded timeout of " + lease.timeout());
                    break;
                }
                long wait = Math.min(left, config.heartbeatInterval().toNanos());
                if (runner.join(Duration.ofNanos(wait))) {
                    outcome = result.get();
                    break;
                }
                if (System.nanoTime() - deadline < 0) {
                    ReportResult hb = scheduler.heartbeat(lease.key(), lease.token());
                    if (!hb.accepted()) {
                        LOG.log(Level.WARNING, "Heartbeat refused for " + lease.key() + ": " + hb.message());
                    }
                }
            }
        } catch (InterruptedException e) {
            runner.interrupt();
            Thread.currentThread().interrupt();
            outcome = TaskOutcome.failed("worker interrupted while running the task");
        }
        logger.flush();
        ReportResult r = scheduler.report(lease.key(), lease.token(), outcome);
        if (!r.accepted()) {
            LOG.log(Level.WARNING, "Report refused for " + lease.key() + ": " + r.status() + " " + r.message());
        }
        completed.incrementAndGet();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /**
     * Stops taking tasks and waits up to {@code timeout} for running ones to finish and report.
     *
     * @param timeout the longest wait
     * @return true when every running task finished
     */
    public boolean stop(Duration timeout) {
        stopping.set(true);
        stopSignal.countDown();
        try {
            poller.join(config.pollTimeout().plus(timeout));
            if (slots.tryAcquire(config.concurrency(), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                slots.release(config.concurrency());
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Stops, waiting up to 30 s for running tasks. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
