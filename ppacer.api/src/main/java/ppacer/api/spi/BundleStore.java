package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code bundle_versions} table: every deploy of a DAG bundle, and which version of each bundle
 * is active. The runs that started on a version name its hash ({@link DagRunRecord#bundleHash()}).
 */
public interface BundleStore {
    /** @return every version, ordered by bundle then version */
    List<BundleVersionRecord> list();

    /** @return the active version of each bundle, ordered by bundle */
    List<BundleVersionRecord> active();

    /**
     * @param hash a content hash
     * @return the latest version with that content, empty when none
     */
    Optional<BundleVersionRecord> findByHash(String hash);

    /**
     * Records a deploy in one transaction: when the bundle's active version has this hash already,
     * returns it unchanged; else inserts the next version as active and clears the previous active
     * flag.
     *
     * @param bundle the bundle's name
     * @param hash its content hash
     * @param dagIds the DAG ids it provides
     * @param at when
     * @param by who
     * @return the active version
     */
    default BundleVersionRecord deploy(String bundle, String hash, List<String> dagIds, Instant at, String by) {
        return deploy(bundle, hash, dagIds, at, by, Optional.empty());
    }

    /**
     * Records a deploy as {@link #deploy(String, String, List, Instant, String)} does and, when a new
     * version was inserted, the audit row in the same transaction, with the previous active version
     * ({@link #state(BundleVersionRecord)}, empty when none) as its state before and the new one as
     * its state after; no audit row when the active version had this hash already.
     *
     * @param bundle the bundle's name
     * @param hash its content hash
     * @param dagIds the DAG ids it provides
     * @param at when
     * @param by who
     * @param audit the audit row to write (its before and after states are set here), if any
     * @return the active version
     */
    BundleVersionRecord deploy(String bundle, String hash, List<String> dagIds, Instant at, String by,
                               Optional<AuditEntry> audit);

    /**
     * Retires a bundle: none of its versions stays active.
     *
     * @param bundle the bundle's name
     * @return the version that was active, empty when none was
     */
    default Optional<BundleVersionRecord> undeploy(String bundle) {
        return undeploy(bundle, Optional.empty());
    }

    /**
     * Retires a bundle as {@link #undeploy(String)} does and, when a version was active, writes the
     * audit row in the same transaction, with that version ({@link #state(BundleVersionRecord)}) as
     * its state before and none after; no audit row when no version was active.
     *
     * @param bundle the bundle's name
     * @param audit the audit row to write (its before and after states are set here), if any
     * @return the version that was active, empty when none was
     */
    Optional<BundleVersionRecord> undeploy(String bundle, Optional<AuditEntry> audit);

    /**
     * Counts the runs that started on each bundle version ({@link DagRunRecord#bundleHash()}).
     *
     * @return one entry per hash some run names, ordered by hash
     */
    List<BundleRunCount> runCounts();

    /**
     * The state of a version as the audit log records it: {@code <bundle> v<version> <hash>}.
     *
     * @param v a version
     * @return its state text
     */
    static String state(BundleVersionRecord v) {
        return v.bundle() + " v" + v.version() + " " + v.hash();
    }

    /**
     * @param template an audit entry
     * @param before the version active before, if any
     * @param after the version active after, if any
     * @return the entry with those states
     */
    static AuditEntry entry(AuditEntry template, Optional<BundleVersionRecord> before, Optional<BundleVersionRecord> after) {
        return new AuditEntry(template.at(), template.actor(), template.address(), template.action(), template.target(),
                before.map(BundleStore::state), after.map(BundleStore::state));
    }
}
