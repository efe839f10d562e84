package ppacer.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.ReportVerdict;
import ppacer.api.spi.AttemptKey;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.ReportResult;

/** Applies the reports of a batch concurrently (one virtual thread each), so that they share commits. */
final class Reports {
    private Reports() {
    }

    /**
     * @param scheduler the scheduler
     * @param statuses the reports, checked
     * @return per report, in order, its verdict
     */
    static List<ReportVerdict> apply(Scheduler scheduler, List<DagRunTaskStatus> statuses) {
        List<Future<ReportResult>> futures = new ArrayList<>(statuses.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DagRunTaskStatus s : statuses) {
                futures.add(threads.submit(() -> scheduler.report(new AttemptKey(s.runId(), s.taskId(), s.retry()),
                        Optional.ofNullable(s.executorId()), s.token(), ExecutorMessages.outcome(s))));
            }
        } // waits for every report
        List<ReportVerdict> out = new ArrayList<>(statuses.size());
        for (Future<ReportResult> f : futures) {
            out.add(switch (f.state()) {
                case SUCCESS -> ExecutorMessages.verdict(f.resultNow());
                case FAILED -> ReportVerdict.refused(500, null, "the report failed: " + f.exceptionNow().getMessage());
                case CANCELLED, RUNNING -> ReportVerdict.refused(503, null, "the report was not applied (interrupted)");
            });
        }
        return out;
    }
}
