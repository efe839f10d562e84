package ppacer.scheduler.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads and validates JSON request bodies, so every bad body gets a 400 naming the field and the
 * value, and an oversized one a 413, before any state is touched.
 */
final class JsonBody {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    static final int MAX_ID_LENGTH = 128;

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    static JsonBody read(ServerRequest req, long maxBytes) {
        byte[] bytes = readLimited(req, maxBytes);
        if (bytes.length == 0) {
            throw HttpProblem.badRequest(null, "Request body is empty; expected a JSON object");
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw HttpProblem.badRequest(null, "Malformed JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw HttpProblem.badRequest(null, "Unreadable request body: " + e.getMessage());
        }
        if (!(n instanceof ObjectNode o)) {
            throw HttpProblem.badRequest(null, "Expected a JSON object, got " + (n == null ? "nothing" : n.getNodeType()));
        }
        return new JsonBody(o);
    }

    private static byte[] readLimited(ServerRequest req, long maxBytes) {
        req.headers().contentLength().ifPresent(len -> {
            if (len > maxBytes) {
                throw new HttpProblem(413, null, "Request body of " + len + " bytes exceeds the limit of " + maxBytes
                        + " bytes");
            }
        });
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (data.length > maxBytes) {
                throw new HttpProblem(413, null, "Request body exceeds the limit of " + maxBytes + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw HttpProblem.badRequest(null, "Unreadable request body: " + e.getMessage());
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

    int nonNegativeInt(String field) {
        long v = longValue(field);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw HttpProblem.badRequest(field, "Field '" + field + "' must be between 0 and " + Integer.MAX_VALUE
                    + ", was " + v);
        }
        return (int) v;
    }

    /** An optional JSON object field, returned as its JSON text ({@code "{}"} when absent). */
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
