package ppacer.api.spi;

import java.util.List;

/**
 * What a DAG sync changed.
 *
 * @param inserted DAGs seen for the first time
 * @param newVersions DAGs whose fingerprint changed (a new task version was stored)
 * @param updated DAGs whose metadata (description, schedule, ...) changed without a new version
 * @param deactivated DAGs in the store but not in the registry, now inactive
 * @param reactivated inactive DAGs that are back in the registry
 */
public record SyncResult(List<String> inserted, List<String> newVersions, List<String> updated,
                         List<String> deactivated, List<String> reactivated) {
    /** Copies the lists. */
    public SyncResult {
        inserted = List.copyOf(inserted);
        newVersions = List.copyOf(newVersions);
        updated = List.copyOf(updated);
        deactivated = List.copyOf(deactivated);
        reactivated = List.copyOf(reactivated);
    }
}
