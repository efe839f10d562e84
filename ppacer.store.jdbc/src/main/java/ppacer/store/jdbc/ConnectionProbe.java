package ppacer.store.jdbc;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import ppacer.api.spi.StoreException;

/**
 * One connection made straight through the driver before the pool opens, so that a store that cannot
 * be reached fails at once (the pool would retry for its whole initialization timeout) with the
 * reason named: connection refused, unknown host, no answer, unknown database, access denied. It also
 * tells which user the server sees, since a URL without a user leaves the choice to the driver
 * (pgJDBC then uses the operating-system user).
 */
final class ConnectionProbe {
    private static final System.Logger LOG = System.getLogger(ConnectionProbe.class.getName());

    private ConnectionProbe() {
    }

    /**
     * Connects once with the pool's settings, logs the user at INFO and disconnects.
     *
     * @param s the settings
     * @param failures names the store and hides the password
     * @return the user the connection is made as
     * @throws StoreException naming the reason when the connection cannot be made
     */
    static String check(ConnectionSettings s, Failures failures) {
        String url = s.dialect().driverUrl(s.url());
        Properties props = new Properties();
        s.dialect().timeouts(props, s.connectTimeout(), s.timeout());
        s.user().ifPresent(u -> props.setProperty("user", u));
        s.password().ifPresent(p -> props.setProperty("password", p));
        String user;
        try {
            Driver driver = DriverManager.getDriver(url);
            try (Connection c = driver.connect(url, props)) {
                if (c == null) {
                    throw new StoreException("No JDBC driver accepts " + failures.store());
                }
                user = String.valueOf(c.getMetaData().getUserName());
            }
        } catch (SQLException e) {
            throw failures.cannotConnect(reason(s, e), e);
        }
        boolean named = s.user().isPresent() || ConnectionSettings.urlHasUser(s.url());
        LOG.log(System.Logger.Level.INFO, "{0}: connected as user ''{1}''{2}", failures.store(), user,
                named ? "" : " (no user in the URL, the store option 'user' or PPACER_DB_USER: the driver chose it"
                        + (s.dialect() == Dialect.POSTGRESQL ? ", the operating-system user" : "") + ")");
        return user;
    }

    /**
     * @param s the settings
     * @param e the driver's failure to connect
     * @return why, in words, with the host, port or database it concerns
     */
    static String reason(ConnectionSettings s, SQLException e) {
        Optional<URI> at = address(s);
        String where = at.map(u -> u.getHost() + ":" + (u.getPort() < 0 ? s.dialect().defaultPort() : u.getPort()))
                .orElse("the server");
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException u) {
                String host = at.map(URI::getHost).orElse(String.valueOf(u.getMessage()));
                return "unknown host '" + host + "': the name does not resolve (check the host in the URL)";
            }
            if (t instanceof ConnectException) {
                return "connection refused by " + where + ": nothing listens there (is the server running, "
                        + "and are the host and port right?)";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer from " + where + " within " + s.connectTimeout()
                        + " (store option connectTimeout): is a firewall dropping the connection?";
            }
            if (t instanceof SQLException q && s.dialect().isUnknownDatabase(q)) {
                return at.map(u -> u.getPath()).filter(p -> p.length() > 1)
                        .map(p -> "database '" + p.substring(1) + "' does not exist on " + where
                                + " (create it, or fix the name in the URL)")
                        .orElse("the database does not exist on " + where + ": " + q.getMessage());
            }
            if (t instanceof SQLException q && s.dialect().isAccessDenied(q)) {
                return "access denied by " + where + ": " + q.getMessage();
            }
        }
        return String.valueOf(e.getMessage());
    }

    /** @return the host, port and path of a single-host URL ({@code jdbc:postgresql://host:port/db?...}) */
    private static Optional<URI> address(ConnectionSettings s) {
        String url = s.dialect().driverUrl(s.url());
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return Optional.empty();
        }
        try {
            URI u = new URI("db" + url.substring(scheme));
            return u.getHost() == null ? Optional.empty() : Optional.of(u);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty(); // several hosts, or a form only the driver reads
        }
    }
}
