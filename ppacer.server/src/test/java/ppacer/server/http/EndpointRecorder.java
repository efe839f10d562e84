package ppacer.server.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.List;

/**
 * Lists the endpoints {@link ApiServer#endpoints} registers, as {@code "METHOD /path/{param}"}: the
 * services' own routing run against this recorder instead of a server. A registration style it does
 * not know fails, so no endpoint escapes the list.
 */
final class EndpointRecorder implements HttpRules {
    private final String prefix;
    private final List<String> out;

    EndpointRecorder(List<String> out) {
        this("", out);
    }

    private EndpointRecorder(String prefix, List<String> out) {
        this.prefix = prefix;
        this.out = out;
    }

    private HttpRules add(String method, String path) {
        out.add(method + " " + (path.equals("/") && !prefix.isEmpty() ? prefix : prefix + path));
        return this;
    }

    @Override
    public HttpRules register(HttpService... services) {
        for (HttpService s : services) {
            s.routing(this);
        }
        return this;
    }

    @Override
    public HttpRules register(String path, HttpService... services) {
        for (HttpService s : services) {
            s.routing(new EndpointRecorder(prefix + path, out));
        }
        return this;
    }

    @Override
    public HttpRules route(HttpRoute route) {
        throw new AssertionError("An endpoint registered as a bare HttpRoute: the role matrix cannot list it; "
                + "use get/post/put/delete with a path");
    }

    @Override
    public HttpRules route(Method method, String path, Handler handler) {
        return add(method.text(), path);
    }

    @Override
    public HttpRules get(String path, Handler... handlers) {
        return add("GET", path);
    }

    @Override
    public HttpRules post(String path, Handler... handlers) {
        return add("POST", path);
    }

    @Override
    public HttpRules put(String path, Handler... handlers) {
        return add("PUT", path);
    }

    @Override
    public HttpRules delete(String path, Handler... handlers) {
        return add("DELETE", path);
    }

    @Override
    public HttpRules patch(String path, Handler... handlers) {
        return add("PATCH", path);
    }

    @Override
    public HttpRules head(String path, Handler... handlers) {
        return add("HEAD", path);
    }

    @Override
    public HttpRules any(String path, Handler... handlers) {
        return add("ANY", path);
    }
}
