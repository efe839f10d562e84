package ppacer.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;

class ConnectionSettingsTest {
    @Test
    void options_win_over_the_environment_and_the_url_user_wins_over_both() {
        var env = Map.of("PPACER_DB_USER", "envuser", "PPACER_DB_PASSWORD", "envpw");
        var fromEnv = ConnectionSettings.of(Dialect.POSTGRESQL, StoreConfig.of("jdbc:postgresql://h/db"), env);
        assertEquals(Optional.of("envuser"), fromEnv.user());
        assertEquals(Optional.of("envpw"), fromEnv.password());
        var fromOptions = ConnectionSettings.of(Dialect.POSTGRESQL, StoreConfig.of("jdbc:postgresql://h/db").with("user", "u")
                .with("password", "p"), env);
        assertEquals(Optional.of("u"), fromOptions.user());
        var fromUrl = ConnectionSettings.of(Dialect.MYSQL, StoreConfig.of("jdbc:mysql://h/db?user=x&password=S3cr%25t"), env);
        assertEquals(Optional.empty(), fromUrl.user());
        assertTrue(fromUrl.secrets().containsAll(java.util.List.of("S3cr%25t", "S3cr%t")), fromUrl.secrets().toString());
        assertFalse(fromUrl.toString().contains("S3cr"), fromUrl.toString());
        assertFalse(fromOptions.toString().contains("=p,"), fromOptions.toString());
    }

    @Test
    void timeouts_and_sizes_are_read_and_checked() {
        var s = ConnectionSettings.of(Dialect.POSTGRESQL, StoreConfig.of("jdbc:postgresql://h/db").with("timeout", "PT3S")
                .with("poolSize", "4").with("writers", "1"), Map.of());
        assertEquals(Duration.ofSeconds(3), s.timeout());
        assertEquals(Duration.ofSeconds(3), s.connectTimeout());
        assertEquals(ConnectionSettings.DEFAULT_TIMEOUT, ConnectionSettings.of(Dialect.MYSQL, StoreConfig.of("jdbc:mysql://h/db"), Map.of()).timeout());
        var e = assertThrows(StoreException.class, () -> ConnectionSettings.of(Dialect.MYSQL,
                StoreConfig.of("jdbc:mysql://h/db?password=hidden").with("poolSize", "1").with("writers", "2"), Map.of()));
        assertTrue(e.getMessage().contains("poolSize=1") && !e.getMessage().contains("hidden"), e.getMessage());
    }

    @Test
    void unknown_options_are_refused_before_connecting_and_values_are_not_shown() {
        var e = assertThrows(StoreException.class, () -> ppacer.api.spi.Stores.open(
                StoreConfig.of("jdbc:postgresql://127.0.0.1:1/db").with("pasword", "hidden").with("poolsize", "4")));
        assertEquals("Unknown store options 'pasword', 'poolsize' for postgresql; expected [connectTimeout, "
                + "connectionInitSql, groupCommit, password, poolSize, timeout, user, writers]", e.getMessage());
        var mysql = assertThrows(StoreException.class, () -> ppacer.api.spi.Stores.open(
                StoreConfig.of("jdbc:mysql://127.0.0.1:1/db").with("synchronous", "FULL")));
        assertTrue(mysql.getMessage().startsWith("Unknown store option 'synchronous' for mysql;"), mysql.getMessage());
    }

    @Test
    void failures_sanitize_the_whole_cause_chain() {
        var s = ConnectionSettings.of(Dialect.POSTGRESQL, StoreConfig.of("jdbc:postgresql://h/db?user=u&password=Tiger-42"), Map.of());
        var f = new Failures(s);
        var driver = new java.sql.SQLException("login with Tiger-42 failed", "28P01",
                new IllegalStateException("jdbc:postgresql://h/db?user=u&password=Tiger-42"));
        var wrapped = f.wrap("Opening", new RuntimeException("outer Tiger-42", driver));
        for (Throwable t = wrapped; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t).contains("Tiger-42"), String.valueOf(t));
        }
        assertTrue(wrapped.getCause().getCause().getMessage().contains("28P01"), wrapped.getCause().getCause().getMessage());
    }
}
