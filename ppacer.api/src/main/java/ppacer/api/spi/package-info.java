/**
 * The storage SPI. A store module {@code provides ppacer.api.spi.StoreProvider}; {@link
 * ppacer.api.spi.Stores#open(StoreConfig)} picks the provider by the JDBC URL scheme.
 *
 * <p>Contract shared by every store (checked by the {@code ppacer.store.tck} suite):
 * <ul>
 *   <li>every write is durable when the call returns (acknowledged);</li>
 *   <li>status changes are compare-and-set: they apply only from the expected status (and attempt),
 *       and report whether they applied, so a late or duplicate report never overwrites newer state;</li>
 *   <li>instants round-trip exactly at microsecond precision, whatever the session time zone;</li>
 *   <li>all methods are thread-safe; failures surface as {@link ppacer.api.spi.StoreException}.</li>
 * </ul>
 */
package ppacer.api.spi;
