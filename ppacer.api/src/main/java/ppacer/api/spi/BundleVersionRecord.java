package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import ppacer.api.Ids;

/**
 * One row of the {@code bundle_versions} table: one deploy of a DAG bundle.
 *
 * @param bundle the bundle's name
 * @param version its version number within the bundle: 1 for the first deploy, then one more each
 * @param hash the SHA-256 of its content, 64 lower-case hex digits
 * @param deployedAt when it was deployed
 * @param deployedBy who deployed it ({@code dags-dir} for the watched folder, else the operator)
 * @param dagIds the DAG ids it provides
 * @param active whether it is the version new runs of its DAGs use
 */
public record BundleVersionRecord(String bundle, int version, String hash, Instant deployedAt, String deployedBy,
                                  List<String> dagIds, boolean active) {
    /** Validates. */
    public BundleVersionRecord {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(deployedAt, "deployedAt");
        Objects.requireNonNull(deployedBy, "deployedBy");
        dagIds = List.copyOf(dagIds);
        if (version < 1) {
            throw new IllegalArgumentException("bundle version must be 1 or more, was " + version);
        }
    }

    /**
     * The stored form of DAG ids: a JSON array of strings (the ids' characters need no escaping).
     *
     * @param dagIds DAG ids, each valid by {@link Ids#PATTERN}
     * @return the JSON text
     */
    public static String dagIdsJson(List<String> dagIds) {
        for (String id : dagIds) {
            if (!Ids.isValid(id)) {
                throw new IllegalArgumentException("DAG id '" + id + "' does not match " + Ids.PATTERN);
            }
        }
        return dagIds.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    /**
     * Reads {@link #dagIdsJson(List)}.
     *
     * @param json the JSON text
     * @return the DAG ids
     */
    public static List<String> dagIdsFromJson(String json) {
        String inner = json.strip();
        inner = inner.substring(1, inner.length() - 1).strip();
        if (inner.isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.stream(inner.split(",")).map(String::strip).map(q -> q.substring(1, q.length() - 1)).toList();
    }
}
