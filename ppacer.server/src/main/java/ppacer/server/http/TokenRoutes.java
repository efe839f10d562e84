package ppacer.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.regex.Pattern;
import ppacer.api.Ids;
import ppacer.api.protocol.TokenCreated;
import ppacer.api.protocol.TokenView;
import ppacer.api.spi.ApiKeyRecord;

/**
 * API keys under {@code /tokens} (admin only): the list (never a secret nor a hash), a new key
 * ({@code POST}, body {@code {"name", "role", "dags": [patterns]}}, answered with its secret once) and
 * a revocation ({@code DELETE /tokens/{name}}), effective at once on this scheduler. Both are recorded in
 * the audit log ({@code token.create}, {@code token.revoke}) with the key's name, id, role and patterns,
 * never its secret.
 */
final class TokenRoutes implements HttpService {
    /** A DAG id glob: the characters of a DAG id, plus {@code *} and {@code ?}. */
    static final Pattern DAG_PATTERN = Pattern.compile("[A-Za-z0-9_.*?-]{1,128}");
    private static final int MAX_PATTERNS = 100;

    private final ApiKeys keys;
    private final Times times;
    private final long maxBodyBytes;

    TokenRoutes(ApiKeys keys, Times times, long maxBodyBytes) {
        this.keys = keys;
        this.times = times;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> JsonAnswers.ok(res, keys.list().stream().map(this::view).toList()))
                .post("/", this::create)
                .delete("/{name}", this::revoke);
    }

    private void create(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, maxBodyBytes);
        String name = body.id("name");
        if (!Ids.isValid(name)) {
            throw HttpProblem.badRequest("name", "Key name '" + HttpProblem.shown(name) + "' must be 1-128 letters, "
                    + "digits, '_', '.' or '-', not starting with '.' or '-'");
        }
        Role role;
        try {
            role = Role.parse(body.string("role"));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("role", e.getMessage());
        }
        List<String> dags = body.optionalIds("dags").orElse(List.of());
        if (dags.size() > MAX_PATTERNS) {
            throw HttpProblem.badRequest("dags", "At most " + MAX_PATTERNS + " DAG patterns, were " + dags.size());
        }
        for (String d : dags) {
            if (!DAG_PATTERN.matcher(d).matches()) {
                throw HttpProblem.badRequest("dags", "DAG pattern '" + HttpProblem.shown(d) + "' must be 1-128 letters, "
                        + "digits, '_', '.', '-', '*' (any characters) or '?' (one character)");
            }
        }
        if (!dags.isEmpty() && role != Role.OPERATOR) {
            throw HttpProblem.badRequest("dags", "DAG patterns limit an operator's actions; a " + role.id()
                    + " key takes none");
        }
        ApiKeys.Created c = keys.create(name, role, dags, Principals.name(req), Actors.of(req));
        JsonAnswers.ok(res, new TokenCreated(c.key().id(), name, role.id(), dags, times.format(c.key().createdAt()),
                c.secret()));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        String name = RequestParams.pathParam(req, "name");
        if (!Ids.isValid(name)) {
            throw HttpProblem.notFound("No valid API key named '" + HttpProblem.shown(name) + "'");
        }
        ApiKeyRecord k = keys.revoke(name, Principals.name(req), Actors.of(req)).orElseThrow(() -> HttpProblem.notFound(
                "No valid API key named '" + name + "'; see GET /tokens"));
        JsonAnswers.ok(res, view(k));
    }

    private TokenView view(ApiKeyRecord k) {
        return new TokenView(k.id(), k.name(), k.role(), k.dags(), times.format(k.createdAt()), k.createdBy(),
                k.revokedAt().map(times::format).orElse(null), k.lastUsedAt().map(times::format).orElse(null));
    }
}
