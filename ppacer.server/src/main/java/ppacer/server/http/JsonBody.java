package ppacer.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import ppacer.exec.wire.WireJson;

/**
 * Reads and validates JSON request bodies, so every bad body gets a 400 naming the field and the
 * value, and an oversized one a 413, before any state is touched.
 *
 * <p>Parsing is strict: a key given twice in one object (whose last copy would silently win) and
 * anything after the JSON value are refused, so a body means one thing to every reader.
 */
final class JsonBody {
    /**
     * The wire format's one mapper ({@link WireJson}: duplicate keys and trailing content refused),
     * shared with the executor and its client: request bodies are parsed with it, answers written with it.
     */
    static final ObjectMapper MAPPER = WireJson.mapper();
    static final int MAX_ID_LENGTH = 128;

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /**
     * @param node an object inside a request body (e.g. one element of an array)
     * @return the same checks on that object
     */
    static JsonBody of(ObjectNode node) {
        return new JsonBody(node);
    }

    static JsonBody read(ServerRequest req, long maxBytes) {
        byte[] bytes = ReadDeadlines.readingBody(() -> readLimited(req, maxBytes));
        if (bytes.length == 0) {
            throw HttpProblem.badRequest(null, "Request body is empty; expected a JSON object");
        }
        JsonNode n;
        try (JsonParser p = MAPPER.createParser(bytes)) {
            // the trailing-content check is made here, so that its message says what came after the object
            n = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(p);
            try {
                if (p.nextToken() != null) {
                    throw trailing(p.currentLocation(), "");
                }
            } catch (JsonProcessingException e) {
                throw trailing(e.getLocation(), ": " + HttpProblem.shown(e.getOriginalMessage()));
            }
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (problem.startsWith("Duplicate field ")) {
                throw HttpProblem.badRequest(null, "Duplicate key " + HttpProblem.shown(problem.substring(16))
                        + " in the JSON body" + where(e.getLocation()) + "; each key may appear once in an object");
            }
            throw HttpProblem.badRequest(null, "Malformed JSON: " + HttpProblem.shown(problem) + where(e.getLocation()));
        } catch (IOException e) {
            throw HttpProblem.badRequest(null, "Unreadable request body: " + e.getMessage());
        }
        if (!(n instanceof ObjectNode o)) {
            throw HttpProblem.badRequest(null, "Expected a JSON object, got " + (n == null ? "nothing" : n.getNodeType()));
        }
        return new JsonBody(o);
    }

    private static HttpProblem trailing(JsonLocation at, String detail) {
        return HttpProblem.badRequest(null, "Unexpected content after the JSON object" + where(at)
                + "; the body must be exactly one JSON object" + detail);
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    static byte[] readLimited(ServerRequest req, long maxBytes) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (data.length > maxBytes) {
                // Read the rest (the server caps it at ApiServer.HARD_LIMIT_FACTOR x the limit), so the
                // client receives the 413 instead of a connection reset while it is still sending.
                in.transferTo(java.io.OutputStream.nullOutputStream());
                String size = req.headers().contentLength().isPresent()
                        ? "of " + req.headers().contentLength().getAsLong() + " bytes " : "";
                throw new HttpProblem(413, null, "Request body " + size + "exceeds the limit of " + maxBytes + " bytes");
            }
            return data;
        } catch (IOException | RuntimeException e) {
            if (e instanceof HttpProblem p) {
                throw p;
            }
            if (ConnectionLog.endedMidRequest(e)) {
                // the client went away or the read deadline closed the connection: nobody to answer
                throw new CloseConnectionException("Request body not received: " + e, e);
            }
            throw new HttpProblem(413, null, "Request body exceeds the limit of " + maxBytes + " bytes or could not be"
                    + " read: " + HttpProblem.shown(e.getMessage()));
        }
    }

    ObjectNode node() {
        return node;
    }

    /** A required id (DAG or task): a string of 1-128 characters. */
    String id(String field) {
        String v = string(field);
        if (v.isEmpty() || v.length() > MAX_ID_LENGTH) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be 1-" + MAX_ID_LENGTH
                    + " characters, was '" + HttpProblem.shown(v) + "'");
        }
        return v;
    }

    /**
     * @param field the field
     * @return its boolean value; false when absent or null
     */
    boolean flag(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be true or false, was " + HttpProblem.shown(v));
        }
        return v.booleanValue();
    }

    String string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw HttpProblem.badRequest(field, "Missing field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be a string, was " + HttpProblem.shown(v));
        }
        return v.textValue();
    }

    Optional<String> optionalString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be a string, was " + HttpProblem.shown(v));
        }
        return Optional.of(v.textValue());
    }

    /**
     * An optional array of ids (task ids: 1-{@value #MAX_ID_LENGTH} characters each).
     *
     * @param field the field
     * @return the ids, empty when the field is absent or null
     */
    Optional<java.util.List<String>> optionalIds(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray() || v.size() > 10_000) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be an array of ids, was " + HttpProblem.shown(v));
        }
        java.util.List<String> out = new java.util.ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || e.textValue().isEmpty() || e.textValue().length() > MAX_ID_LENGTH) {
                throw HttpProblem.badRequest(field, "Field '" + field + "[" + i + "]' must be an id of 1-" + MAX_ID_LENGTH
                        + " characters, was " + HttpProblem.shown(e));
            }
            out.add(e.textValue());
        }
        return Optional.of(out);
    }

    /**
     * An optional task output: an object with {@code contentType} and one of {@code text} and
     * {@code base64} (checked when it becomes an outcome).
     *
     * @param field the field
     * @return the output, empty when absent or null
     */
    Optional<ppacer.api.protocol.OutputBody> optionalOutput(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be an object with 'contentType' and 'text' or "
                    + "'base64', was " + HttpProblem.shown(v));
        }
        JsonBody o = new JsonBody((com.fasterxml.jackson.databind.node.ObjectNode) v);
        return Optional.of(new ppacer.api.protocol.OutputBody(o.optionalString("contentType").orElse(null),
                o.optionalString("text").orElse(null), o.optionalString("base64").orElse(null)));
    }

    long longValue(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw HttpProblem.badRequest(field, "Missing field '" + field + "'");
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be an integer, was " + HttpProblem.shown(v));
        }
        return v.longValue();
    }

    Optional<Long> optionalLong(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(longValue(field));
    }

    Optional<Boolean> optionalBoolean(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be true or false, was "
                    + HttpProblem.shown(v.toString()));
        }
        return Optional.of(v.booleanValue());
    }

    int nonNegativeInt(String field) {
        long v = longValue(field);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be between 0 and " + Integer.MAX_VALUE
                    + ", was " + v);
        }
        return (int) v;
    }

    /**
     * An optional JSON object field, returned as its JSON text ({@code "{}"} when absent). Its limits
     * (size, nesting) are not checked here: run parameters are checked by the scheduler, with the same
     * limits and message for every caller ({@code ppacer.scheduler.core.RunParams}).
     */
    String objectJson(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "{}";
        }
        if (!v.isObject()) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be a JSON object, was "
                    + HttpProblem.shown(v));
        }
        return v.toString();
    }
}
