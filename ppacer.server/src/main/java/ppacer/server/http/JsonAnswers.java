package ppacer.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** The answers shared by the route classes: a body as JSON with a status, 200 with JSON, 204. */
final class JsonAnswers {
    private JsonAnswers() {
    }

    static void json(ServerResponse res, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JsonBody.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + body.getClass().getName(), e);
        }
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes);
    }

    static void ok(ServerResponse res, Object body) {
        json(res, 200, body);
    }

    static void noContent(ServerResponse res) {
        res.status(Status.NO_CONTENT_204);
        res.send();
    }
}
