package ppacer.server.http;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import ppacer.api.Ids;

/**
 * The request parameters shared by the route classes: path parameters (ids, integers) and query
 * parameters, each malformed one answered as 404 (an id) or 400 (a number) by {@link HttpProblem}.
 */
final class RequestParams {
    private RequestParams() {
    }

    static String pathParam(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    /** A DAG or task id from the path; malformed ids cannot exist, so they are simply unknown (404). */
    static String idParam(ServerRequest req, String name, String what) {
        String v = pathParam(req, name);
        if (!Ids.isValid(v)) {
            throw HttpProblem.notFound("Unknown " + what + " '" + HttpProblem.shown(v) + "'");
        }
        return v;
    }

    /**
     * The task id of the path parameter {@code taskId}: a task of a DAG, or an instance of a mapped
     * one ({@code load[3]}); a malformed id cannot exist, so it is simply unknown (404).
     */
    static String taskIdParam(ServerRequest req) {
        String v = pathParam(req, "taskId");
        if (v != null && !Ids.isValid(v) && ppacer.api.TaskMapping.mappedTaskOf(v).filter(Ids::isValid).isPresent()) {
            return v;
        }
        return idParam(req, "taskId", "task");
    }

    static long longParam(ServerRequest req, String name) {
        String v = pathParam(req, name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(name, "Path parameter '" + name + "' must be an integer, was '"
                    + HttpProblem.shown(v) + "'");
        }
    }

    static int intParam(ServerRequest req, String name, int min, int max) {
        long v = longParam(req, name);
        if (v < min || v > max) {
            throw HttpProblem.badRequest(name, "Path parameter '" + name + "' must be between " + min + " and " + max
                    + ", was " + v);
        }
        return (int) v;
    }

    static Optional<String> query(ServerRequest req, String name) {
        return req.query().first(name).asOptional();
    }

    static long queryLong(ServerRequest req, String name, long fallback, long min, long max) {
        Optional<String> v = query(req, name);
        if (v.isEmpty()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(name, "Query parameter '" + name + "' must be an integer, was '"
                    + HttpProblem.shown(v.get()) + "'");
        }
        if (n < min || n > max) {
            throw HttpProblem.badRequest(name, "Query parameter '" + name + "' must be between " + min + " and " + max
                    + ", was " + n);
        }
        return n;
    }
}
