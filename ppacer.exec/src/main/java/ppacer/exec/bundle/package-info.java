/**
 * DAG bundles: modular jars (or folders of them) providing {@link ppacer.api.DagSource}, each
 * version identified by the SHA-256 of its content and loaded in its own child module layer of the
 * boot layer ({@link ppacer.exec.bundle.BundleLoader}); the set a scheduler or executor serves,
 * with versions pinned by the runs that started on them ({@link ppacer.exec.bundle.Bundles}).
 */
package ppacer.exec.bundle;
