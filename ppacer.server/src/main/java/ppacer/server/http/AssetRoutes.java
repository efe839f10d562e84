package ppacer.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import ppacer.api.AssetEvent;
import ppacer.api.AssetNames;
import ppacer.api.protocol.AssetEventPosted;
import ppacer.api.protocol.AssetEventView;
import ppacer.api.protocol.AssetView;
import ppacer.api.protocol.AssetsView;
import ppacer.api.spi.RecordedAssetEvent;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.AssetSummary;

/**
 * Assets under {@code /assets}: the list (each asset's latest event, producers and consumers), one
 * asset with a page of its events ({@code GET /assets/{name}?beforeId=&limit=}), and external events
 * ({@code POST /assets/{name}/events}, body {@code {"metadata": {...}, "idempotencyKey": "..."}}, both
 * optional; 201 with the new event, 200 with the first one for a repeated key; 404 for an asset no DAG
 * produces or consumes; operator or admin key). An asset name may be a URI with slashes
 * ({@code s3://bucket/orders}): the path after {@code /assets/} is the name, percent-decoded, so
 * {@code /assets/s3:%2F%2Fbucket%2Forders/events} and {@code /assets/s3://bucket/orders/events} both work.
 */
final class AssetRoutes implements HttpService {
    private static final String EVENTS = "/events";
    private final Scheduler scheduler;
    private final long maxBodyBytes;

    AssetRoutes(Scheduler scheduler, long maxBodyBytes) {
        this.scheduler = scheduler;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> JsonAnswers.ok(res, list(scheduler)))
                .get("/*", this::get)
                .post("/*", this::post);
    }

    /** @return every asset as {@code GET /assets} answers */
    static AssetsView list(Scheduler scheduler) {
        return new AssetsView(scheduler.assets().stream().map(a -> view(a, List.of(), null)).toList());
    }

    private static AssetView view(AssetSummary a, List<AssetEvent> events, Long next) {
        return new AssetView(a.name(), a.latest().map(AssetEventView::of).orElse(null), a.producers(), a.consumers(),
                events.stream().map(AssetEventView::of).toList(), next);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String rest = rest(req);
        String name = name(rest.endsWith(EVENTS) && !known(decode(rest)) ? rest.substring(0, rest.length() - EVENTS.length())
                : rest);
        AssetSummary a = scheduler.asset(name);
        int limit = (int) RequestParams.queryLong(req, "limit", 50, 1, 1000);
        long before = RequestParams.queryLong(req, "beforeId", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        List<AssetEvent> events = scheduler.assetEvents(name, before == Long.MAX_VALUE ? OptionalLong.empty()
                : OptionalLong.of(before), limit);
        Long next = events.size() == limit ? events.getLast().id() : null;
        JsonAnswers.ok(res, view(a, events, next));
    }

    private boolean known(String name) {
        return AssetNames.isValid(name) && scheduler.assets().stream().anyMatch(a -> a.name().equals(name));
    }

    private void post(ServerRequest req, ServerResponse res) {
        String rest = rest(req);
        if (!rest.endsWith(EVENTS) || rest.length() == EVENTS.length()) {
            throw HttpProblem.notFound("No such endpoint: POST /assets/" + HttpProblem.shown(decode(rest))
                    + "; post events to /assets/{name}/events");
        }
        String name = name(rest.substring(0, rest.length() - EVENTS.length()));
        JsonBody body = req.content().hasEntity() ? JsonBody.read(req, maxBodyBytes) : null;
        String metadata = body == null ? "{}" : body.objectJson("metadata");
        Optional<String> key = body == null ? Optional.empty() : body.optionalString("idempotencyKey");
        RecordedAssetEvent r = scheduler.emitAssetEvent(name, metadata, key, Actors.of(req));
        JsonAnswers.json(res, r.created() ? 201 : 200, new AssetEventPosted(r.created(), AssetEventView.of(r.event())));
    }

    /** The raw path after {@code /assets/}. */
    private static String rest(ServerRequest req) {
        String raw = req.path().absolute().rawPath();
        int i = raw.indexOf("/assets/");
        return i < 0 ? "" : raw.substring(i + "/assets/".length());
    }

    private static String name(String raw) {
        String v = decode(raw);
        if (!AssetNames.isValid(v)) {
            throw HttpProblem.badRequest("name", "Invalid asset name '" + HttpProblem.shown(v) + "': expected "
                    + AssetNames.describeRule());
        }
        return v;
    }

    /** Percent-decoding of a path (a {@code +} stays a plus, unlike form decoding). */
    static String decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
