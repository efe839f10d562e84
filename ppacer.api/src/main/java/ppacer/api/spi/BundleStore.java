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
    BundleVersionRecord deploy(String bundle, String hash, List<String> dagIds, Instant at, String by);

    /**
     * Retires a bundle: none of its versions stays active.
     *
     * @param bundle the bundle's name
     * @return the version that was active, empty when none was
     */
    Optional<BundleVersionRecord> undeploy(String bundle);
}
