package ppacer.api.spi;

/**
 * Entry point of a store module, found by {@link java.util.ServiceLoader}. Keep it small: all the
 * weight is in the {@link Store} that {@link #open(StoreConfig)} returns.
 */
public interface StoreProvider {
    /** @return a short name, e.g. {@code sqlite} or {@code postgresql} */
    String name();

    /**
     * Tells whether this provider handles the URL, by its scheme (e.g. {@code jdbc:sqlite:}).
     *
     * @param url a JDBC URL
     * @return true when {@link #open(StoreConfig)} accepts it
     */
    boolean supports(String url);

    /**
     * Opens (creating or migrating the schema when needed) a store.
     *
     * @param config the URL and options
     * @return an open store; close it when done
     * @throws StoreException when the database cannot be opened or is not a ppacer database
     */
    Store open(StoreConfig config);
}
