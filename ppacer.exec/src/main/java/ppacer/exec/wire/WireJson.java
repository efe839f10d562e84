package ppacer.exec.wire;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one configured JSON mapper of ppacer's wire format (the {@code ppacer.api.protocol} records),
 * shared by the executor, its HTTP client, the scheduler's HTTP API, the in-process link and the
 * command line, so that both ends of every exchange read and write JSON alike:
 *
 * <ul>
 *   <li>a key given twice in one object is an error (its last copy would silently win);</li>
 *   <li>content after the JSON value is an error;</li>
 *   <li>unknown fields are ignored, so a newer scheduler or executor that adds a field stays
 *       compatible with an older peer (tolerant reader).</li>
 * </ul>
 *
 * <p>Exported only to ppacer's own modules. Thread-safe: configure nothing on it after this class
 * hands it out.
 */
public final class WireJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private WireJson() {
    }

    /** @return the shared mapper */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
