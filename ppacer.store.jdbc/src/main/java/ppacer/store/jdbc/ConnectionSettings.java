package ppacer.store.jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import ppacer.api.spi.StoreConfig;

/**
 * Connection settings of a store, from the URL, the {@link StoreConfig} options and the environment.
 *
 * <p>Credentials: a {@code user}/{@code password} in the URL are left to the driver; otherwise the
 * {@code user}/{@code password} options, otherwise {@code PPACER_DB_USER}/{@code PPACER_DB_PASSWORD}.
 * Options: {@code poolSize} (default 8), {@code writers} (group-commit writer connections, default 2),
 * {@code connectTimeout} (default: {@code timeout}) and {@code timeout} (default PT10S), the bound on
 * getting a connection and on any one database round trip, which the server keeps to as well (a lock
 * wait ends a little earlier; PostgreSQL ends a session idle inside a transaction that long: see
 * {@link Dialect#timeouts}); {@code connectionInitSql}, run on every new
 * connection (e.g. {@code SET TIME ZONE ...}). {@link #toString()} hides the password.
 *
 * @param dialect the database dialect
 * @param url the JDBC URL as given
 * @param user the user when not in the URL
 * @param password the password when not in the URL
 * @param poolSize maximum pool connections
 * @param writers group-commit writer threads
 * @param connectTimeout bound on establishing a connection
 * @param timeout bound on a pool checkout and on any one round trip
 * @param initSql SQL run on every new connection
 */
record ConnectionSettings(Dialect dialect, String url, Optional<String> user, Optional<String> password, int poolSize,
                int writers, Duration connectTimeout, Duration timeout, Optional<String> initSql) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern URL_USER = Pattern.compile("(?i)[?&;]user=");
    private static final Pattern URL_PASSWORD_VALUE = Pattern.compile("(?i)[?&;]password=([^&;]*)");

    /**
     * Reads the settings.
     *
     * @param dialect the dialect
     * @param config the store config
     * @param env the environment (for {@code PPACER_DB_USER}, {@code PPACER_DB_PASSWORD})
     * @return the settings
     */
    static ConnectionSettings of(Dialect dialect, StoreConfig config, Map<String, String> env) {
        String url = config.url();
        boolean urlHasUser = urlHasUser(url);
        Optional<String> user = config.option("user")
                .or(() -> urlHasUser ? Optional.empty() : Optional.ofNullable(env.get("PPACER_DB_USER")));
        Optional<String> password = config.option("password")
                .or(() -> urlHasUser ? Optional.empty() : Optional.ofNullable(env.get("PPACER_DB_PASSWORD")));
        Duration timeout = positive(config.durationOption("timeout", DEFAULT_TIMEOUT), "timeout");
        Duration connect = positive(config.durationOption("connectTimeout", timeout), "connectTimeout");
        int pool = config.intOption("poolSize", 8);
        int writers = config.intOption("writers", 2);
        if (pool < 1 || writers < 1 || writers > pool) {
            throw new ppacer.api.spi.StoreException("Store options for " + config.redactedUrl()
                    + ": need poolSize >= writers >= 1, was poolSize=" + pool + ", writers=" + writers);
        }
        return new ConnectionSettings(dialect, url, user, password, pool, writers, connect, timeout,
                config.option("connectionInitSql"));
    }

    /**
     * @param url a JDBC URL
     * @return true when it names the user ({@code user=} among its properties)
     */
    static boolean urlHasUser(String url) {
        return URL_USER.matcher(url).find();
    }

    private static Duration positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new ppacer.api.spi.StoreException("Store option '" + name + "' must be positive, was " + d);
        }
        return d;
    }

    /** @return the URL without its password, for messages */
    String redactedUrl() {
        return StoreConfig.redact(url);
    }

    /** @return every secret that must never be shown: the option/env password, the URL's (raw and decoded) */
    java.util.List<String> secrets() {
        java.util.List<String> s = new java.util.ArrayList<>();
        password.filter(p -> !p.isEmpty()).ifPresent(s::add);
        var m = URL_PASSWORD_VALUE.matcher(url);
        while (m.find()) {
            if (!m.group(1).isEmpty()) {
                s.add(m.group(1));
                try {
                    s.add(java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // not decodable: the raw form is enough
                }
            }
        }
        return java.util.List.copyOf(s);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + dialect.providerName() + " " + redactedUrl() + ", user=" + user.orElse("(url/default)")
                + ", password=" + (password.isPresent() ? "***" : "(none)") + ", poolSize=" + poolSize
                + ", writers=" + writers + ", connectTimeout=" + connectTimeout + ", timeout=" + timeout + "]";
    }
}
