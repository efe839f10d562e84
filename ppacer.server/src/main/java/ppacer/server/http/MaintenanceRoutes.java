package ppacer.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;
import ppacer.api.Ids;
import ppacer.api.protocol.CleanAnswer;
import ppacer.scheduler.RetentionConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.CleanReport;
import ppacer.scheduler.model.InvalidInputException;

/**
 * Maintenance under {@code /maintenance}: {@code POST /maintenance/clean} with
 * {@code {"olderThan": "P30D", "dagId": "etl", "dryRun": true}} deletes (or counts) finished runs older
 * than the age with all their data, in batches, as retention does ({@link Scheduler#clean}); a clean that
 * deletes anything is recorded in the audit log (action {@code db.clean}).
 */
final class MaintenanceRoutes implements HttpService {
    private final Scheduler scheduler;
    private final long maxBodyBytes;

    MaintenanceRoutes(Scheduler scheduler, long maxBodyBytes) {
        this.scheduler = scheduler;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/clean", this::clean);
    }

    private void clean(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        String age = body.string("olderThan");
        Duration olderThan;
        try {
            olderThan = RetentionConfig.parseAge("olderThan", age);
        } catch (InvalidInputException e) {
            throw HttpProblem.badRequest("olderThan", e.getMessage());
        }
        Optional<String> dagId = body.optionalString("dagId");
        if (dagId.isPresent() && !Ids.isValid(dagId.get())) {
            throw HttpProblem.badRequest("dagId", "Field 'dagId' is not a valid DAG id: '" + HttpProblem.shown(dagId.get())
                    + "'");
        }
        boolean dryRun = body.flag("dryRun");
        CleanReport r = scheduler.clean(olderThan, dagId, dryRun, Actors.of(req));
        JsonAnswers.ok(res, new CleanAnswer(r.dryRun(), olderThan.toString(), dagId.orElse(null), r.rows(), r.batches(),
                r.elapsed().toMillis()));
    }
}
