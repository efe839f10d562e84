package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.PpacerException;
import ppacer.api.RetryDelay;
import ppacer.api.Task;
import ppacer.api.TaskConfig;
import ppacer.api.TaskContext;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.testkit.Await;

/**
 * What the default notifier writes to the log: an attempt that will be retried is one WARNING line,
 * the failure for good is the alert (SEVERE, with the stack trace).
 */
class AlertLogTest {
    @TempDir
    Path dir;

    /** Always fails; retried once, alerting on the retry too (as the flaky example). */
    private static Dag failing() {
        Task t = new Task() {
            @Override
            public String id() {
                return "fails";
            }

            @Override
            public void execute(TaskContext context) {
                throw new PpacerException("fails on purpose on attempt " + context.attempt());
            }
        };
        return Dag.builder("failing").root(Node.of(t, TaskConfig.builder().retries(1).retryDelay(RetryDelay.constant(
                Duration.ZERO)).alertOnRetry(true).build())).build();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void a_retry_is_one_warning_line_and_the_final_failure_an_error_with_the_trace() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger alerts = Logger.getLogger("ppacer.alerts");
        alerts.addHandler(capture);
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(failing()))
                .storeUrl("jdbc:sqlite:" + dir.resolve("alerts.db")).stopTimeout(Duration.ofSeconds(2)).build());
                InProcessWorker worker = InProcessWorker.start(scheduler, WorkerConfig.defaults())) {
            long run = scheduler.trigger("failing", "{}");
            Await.until(Duration.ofSeconds(60), () -> scheduler.store().dagRuns().find(run).orElseThrow().status()
                    == DagRunStatus.FAILED && records.size() >= 2, () -> "run " + run + " fails, alerts: " + records.size());
            assertEquals(2, records.size(), records.toString());
            assertEquals(2, worker.completed(), "both attempts ran in process");
            LogRecord retry = records.get(0);
            assertEquals(Level.WARNING, retry.getLevel(), retry.getMessage());
            assertFalse(retry.getMessage().contains("\n"), "one line: " + retry.getMessage());
            assertTrue(retry.getMessage().contains("will be retried") && retry.getMessage().contains(
                    "fails on purpose on attempt 0"), retry.getMessage());
            LogRecord failure = records.get(1);
            assertEquals(Level.SEVERE, failure.getLevel(), failure.getMessage());
            assertTrue(failure.getMessage().contains("fails on purpose on attempt 1")
                    && failure.getMessage().contains("\tat "), "the alert has the stack trace: " + failure.getMessage());
        } finally {
            alerts.removeHandler(capture);
        }
    }
}
