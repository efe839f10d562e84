package ppacer.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import ppacer.exec.client.SchedulerClient;
import ppacer.exec.client.SchedulerClientException;
import ppacer.exec.wire.WireJson;

/** The scheduler's HTTP API as JSON trees, for the client commands. */
public final class Api {
    private static final ObjectMapper JSON = WireJson.mapper();
    /** The scheduler's display format, applied to the local time of an API time (in the scheduler's zone). */
    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter PRECISE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private final SchedulerClient client;

    /** @param client the scheduler's client */
    public Api(SchedulerClient client) {
        this.client = client;
    }

    /** @return the typed client */
    public SchedulerClient client() {
        return client;
    }

    /**
     * @param path an API path
     * @return the answer
     */
    public JsonNode get(String path) {
        return parse(path, client.getJson(path));
    }

    /**
     * @param path an API path
     * @param body the body
     * @return the answer
     */
    public JsonNode post(String path, Map<String, Object> body) {
        return parse(path, client.postJson(path, body));
    }

    /**
     * @param path an API path
     * @param body the body
     * @return the answer
     */
    public JsonNode put(String path, Map<String, Object> body) {
        return parse(path, client.putJson(path, body));
    }

    /**
     * @param path an API path
     * @param body the bytes to send
     * @param contentType their media type
     * @return the answer
     */
    public JsonNode postBytes(String path, byte[] body, String contentType) {
        return parse(path, client.postBytes(path, body, contentType));
    }

    /**
     * @param path an API path
     * @return the answer
     */
    public JsonNode delete(String path) {
        return parse(path, client.deleteJson(path));
    }

    /**
     * @param segment a path segment (a DAG or task id)
     * @return it, URL-encoded
     */
    public static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String path, String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchedulerClientException(path + " answered with a body that is not JSON: " + e.getOriginalMessage(),
                    0, null, e);
        }
    }

    /**
     * @param json a JSON object as text
     * @return it as a map
     * @throws IllegalArgumentException when it is not a JSON object
     */
    public static Map<String, Object> object(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("--params must be a JSON object such as {\"day\":\"2026-01-01\"}, was "
                        + json);
            }
            return JSON.convertValue(n, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--params is not valid JSON (" + e.getOriginalMessage() + "): " + json, e);
        }
    }

    /**
     * @param timestamp an API time: an ISO-8601 text with an offset (the public endpoints, e.g.
     *     {@code 2026-11-27T10:00:00.000000+01:00}), a timestamp object with {@code toDisplay} (the runs
     *     grid of {@code /dags/{dagId}/runs}), or null
     * @return its display text in the scheduler's zone, such as {@code 2026-11-27 10:00:00}, or "-"
     */
    public static String display(JsonNode timestamp) {
        if (timestamp == null || timestamp.isNull()) {
            return "-";
        }
        if (timestamp.isTextual()) {
            try {
                return DISPLAY.format(OffsetDateTime.parse(timestamp.asText()));
            } catch (DateTimeParseException e) {
                return timestamp.asText();
            }
        }
        return timestamp.path("toDisplay").asText("-");
    }

    /**
     * @param time an ISO-8601 time with an offset, such as {@code 2026-11-27T10:00:00.000000+01:00}, or null
     * @return its date and time to the microsecond in the scheduler's zone, such as
     *     {@code 2026-11-27 10:00:00.000000}, or "-"
     */
    public static String precise(JsonNode time) {
        if (time == null || !time.isTextual()) {
            return "-";
        }
        try {
            return PRECISE.format(OffsetDateTime.parse(time.asText()));
        } catch (DateTimeParseException e) {
            return time.asText();
        }
    }
}
