package ppacer.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ppacer.api.spi.AttemptKey;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.TaskOutcome;

/** Applies the reports of a batch concurrently (one virtual thread each), so that they share commits. */
final class Reports {
    /**
     * One report of a batch ({@code /dag/task/update-many-and-pop}).
     *
     * @param key the attempt
     * @param executorId the reporting executor, empty when the report does not say
     * @param token its token
     * @param outcome what happened
     */
    record Report(AttemptKey key, Optional<String> executorId, String token, TaskOutcome outcome) {
    }

    private Reports() {
    }

    /**
     * @param scheduler the scheduler
     * @param reports the reports
     * @return per report, in order, its result as the wire shows it
     */
    static List<Map<String, Object>> apply(Scheduler scheduler, List<Report> reports) {
        List<Future<ReportResult>> futures = new ArrayList<>(reports.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Report r : reports) {
                futures.add(threads.submit(() -> scheduler.report(r.key(), r.executorId(), r.token(), r.outcome())));
            }
        } // waits for every report
        List<Map<String, Object>> out = new ArrayList<>(reports.size());
        for (Future<ReportResult> f : futures) {
            out.add(switch (f.state()) {
                case SUCCESS -> result(f.resultNow());
                case FAILED -> refused(500, null, "the report failed: " + f.exceptionNow().getMessage());
                case CANCELLED, RUNNING -> refused(503, null, "the report was not applied (interrupted)");
            });
        }
        return out;
    }

    private static Map<String, Object> result(ReportResult r) {
        if (r.accepted()) {
            return Map.of("accepted", true);
        }
        return refused(r.code(), TaskRoutes.field(r), r.message());
    }

    private static Map<String, Object> refused(int status, String field, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accepted", false);
        m.put("status", status);
        if (field != null) {
            m.put("field", field);
        }
        m.put("error", error);
        return m;
    }
}
