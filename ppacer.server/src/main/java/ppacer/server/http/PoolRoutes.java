package ppacer.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import ppacer.api.Ids;
import ppacer.api.protocol.PoolsView;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.PoolUsage;
import ppacer.scheduler.model.UnknownIdException;

/**
 * Pools under {@code /pools}: the list with each pool's size, slots held, holders and waiting
 * attempts; one pool; its size set at run time ({@code PUT}, body {@code {"slots": N}}); and the
 * deletion of a pool defined at run time.
 */
final class PoolRoutes implements HttpService {
    private final Scheduler scheduler;
    private final long maxBodyBytes;

    PoolRoutes(Scheduler scheduler, long maxBodyBytes) {
        this.scheduler = scheduler;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> JsonAnswers.ok(res, view(scheduler)))
                .get("/{name}", (req, res) -> JsonAnswers.ok(res, pool(find(name(req)))))
                .put("/{name}", this::set)
                .delete("/{name}", this::delete);
    }

    /** @return every pool as {@code GET /pools} answers */
    static PoolsView view(Scheduler scheduler) {
        return new PoolsView(scheduler.leaderStatus().leader(), scheduler.pools().stream().map(PoolRoutes::pool).toList());
    }

    static PoolsView.Pool pool(PoolUsage u) {
        return new PoolsView.Pool(u.name(), u.slots(), u.used(), u.free(), u.waiting(), u.defined(),
                u.holders().stream().map(k -> new PoolsView.Holder(k.runId(), k.taskId(), k.attempt())).toList());
    }

    private static String name(ServerRequest req) {
        String v = RequestParams.pathParam(req, "name");
        if (!Ids.isValid(v)) {
            throw HttpProblem.notFound("Unknown pool '" + HttpProblem.shown(v) + "'");
        }
        return v;
    }

    private PoolUsage find(String name) {
        return scheduler.poolUsage(name).orElseThrow(() -> new UnknownIdException("Unknown pool '" + name
                + "'; known pools: " + scheduler.pools().stream().map(PoolUsage::name).toList()));
    }

    private void set(ServerRequest req, ServerResponse res) {
        String name = name(req);
        int slots = JsonBody.read(req, maxBodyBytes).nonNegativeInt("slots");
        JsonAnswers.ok(res, pool(scheduler.setPool(name, slots, Actors.of(req))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String name = name(req);
        scheduler.deletePool(name, Actors.of(req));
        JsonAnswers.ok(res, new PoolsView(scheduler.leaderStatus().leader(), scheduler.pools().stream()
                .map(PoolRoutes::pool).toList()));
    }
}
