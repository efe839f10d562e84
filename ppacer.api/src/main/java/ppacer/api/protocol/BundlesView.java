package ppacer.api.protocol;

import java.util.List;

/**
 * The DAG bundle versions ({@code GET /bundles}, {@code ppacer bundles}).
 *
 * @param enabled whether the answering scheduler accepts bundle deploys ({@code POST /bundles})
 * @param versions every version deployed, by bundle then version
 */
public record BundlesView(boolean enabled, List<Version> versions) {
    /** Copies. */
    public BundlesView {
        versions = List.copyOf(versions);
    }

    /**
     * One bundle version; also the answer of {@code POST /bundles} and {@code DELETE /bundles/{name}}.
     *
     * @param name the bundle's name
     * @param version its number within the bundle, from 1
     * @param hash the SHA-256 of its content (lower-case hex): the id executors fetch it by
     * @param deployedAt when it was deployed, ISO-8601 in the scheduler's zone
     * @param deployedBy who deployed it (the API key's name, {@code dags-dir} for the DAG folder)
     * @param dagIds the DAGs it provides
     * @param active whether new runs of its DAGs use it
     * @param unfinishedRuns its runs not yet SUCCESS or FAILED (they keep running on it)
     * @param runs all runs that started on it
     * @param unfinishedRunIds the ids of its unfinished runs, oldest first: which runs still use it
     */
    public record Version(String name, int version, String hash, String deployedAt, String deployedBy, List<String> dagIds,
                          boolean active, long unfinishedRuns, long runs, List<Long> unfinishedRunIds) {
        /** Copies. */
        public Version {
            dagIds = List.copyOf(dagIds);
            unfinishedRunIds = unfinishedRunIds == null ? List.of() : List.copyOf(unfinishedRunIds);
        }
    }
}
