package ppacer.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import ppacer.api.protocol.ErrorBody;
import ppacer.ui.UiAssets;

/**
 * The web UI's static files: {@code index.html} at {@code /} and {@code /ui/}, everything else under
 * {@code /ui/assets/}. The files come from the {@code ppacer.ui} module ({@link UiAssets}); they are
 * read once and kept in memory (a few dozen KiB).
 *
 * <p>Paths are checked against a strict pattern (no {@code ..}, no hidden files), and only known
 * file types are served. The files are public: the bearer-token filter lets them through, and the
 * UI asks for the token when the API answers 401.
 */
final class WebUi implements HttpService {
    /** Mount point of the assets. */
    static final String ASSETS = "/ui/assets";
    private static final Pattern SAFE = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.[a-z]{2,4}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /**
     * @param path a request path
     * @return whether it is one of the UI's static files, served without a token
     */
    static boolean isAsset(String path) {
        return path.equals("/") || path.equals("/ui") || path.equals("/ui/") || path.startsWith(ASSETS + "/");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> send(res, "index.html"))
                .get("/ui", (req, res) -> send(res, "index.html"))
                .get("/ui/", (req, res) -> send(res, "index.html"))
                .get(ASSETS + "/*", this::asset);
    }

    private void asset(ServerRequest req, ServerResponse res) {
        String file = req.path().path().substring(ASSETS.length() + 1);
        if (!SAFE.matcher(file).matches() || !TYPES.containsKey(extension(file))) {
            notFound(res, file);
            return;
        }
        send(res, file);
    }

    private void send(ServerResponse res, String file) {
        Optional<byte[]> bytes = cache.computeIfAbsent(file, UiAssets::read);
        if (bytes.isEmpty()) {
            notFound(res, file);
            return;
        }
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, TYPES.get(extension(file)));
        // the files change with the scheduler's version only; revalidating keeps upgrades visible
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Content-Type-Options", "nosniff");
        res.send(bytes.get());
    }

    private static void notFound(ServerResponse res, String file) {
        JsonAnswers.json(res, 404, new ErrorBody("No UI file '" + HttpProblem.shown(file) + "'", null));
    }

    private static String extension(String file) {
        return file.substring(file.lastIndexOf('.') + 1);
    }
}
