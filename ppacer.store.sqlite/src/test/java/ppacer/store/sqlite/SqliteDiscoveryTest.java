package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.StoreProvider;
import ppacer.api.spi.Stores;

/** The provider is found through {@link Stores}, and the module exposes nothing else. */
class SqliteDiscoveryTest {
    private static final String SERVICE = "ppacer.api.spi.StoreProvider";
    @TempDir
    Path dir;

    @Test
    void stores_finds_the_sqlite_provider_on_the_module_path() {
        Stores.Discovery d = Stores.discover();
        assertEquals("[sqlite (ppacer.store.sqlite)]", d.providers().toString());
        assertEquals(List.of(), d.failures());
        assertInstanceOf(SqliteStoreProvider.class, Stores.providerFor("jdbc:sqlite::memory:", d));
        try (Store store = Stores.open(StoreConfig.of("jdbc:sqlite::memory:"))) {
            assertEquals("sqlite jdbc:sqlite::memory:", store.describe());
        }
    }

    @Test
    void a_url_no_provider_supports_lists_the_providers_found() {
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(StoreConfig.of("jdbc:foo:x")));
        assertEquals("No store supports 'jdbc:foo:x'; found [sqlite (ppacer.store.sqlite)]", e.getMessage());
    }

    @Test
    void a_bare_path_or_a_url_without_jdbc_gets_the_url_it_probably_meant() {
        assertEquals("No store supports 'ppacer.db'; found [sqlite (ppacer.store.sqlite)]; a SQLite file is given as "
                + "jdbc:sqlite:PATH: did you mean 'jdbc:sqlite:ppacer.db'?",
                assertThrows(StoreException.class, () -> Stores.open(StoreConfig.of("ppacer.db"))).getMessage());
        assertEquals("No store supports '/var/lib/ppacer/p.db'; found [sqlite (ppacer.store.sqlite)]; a SQLite file is "
                + "given as jdbc:sqlite:PATH: did you mean 'jdbc:sqlite:/var/lib/ppacer/p.db'?",
                assertThrows(StoreException.class, () -> Stores.open(StoreConfig.of("/var/lib/ppacer/p.db"))).getMessage());
        assertTrue(assertThrows(StoreException.class, () -> Stores.open(StoreConfig.of("postgres://db:5432/ppacer")))
                .getMessage().endsWith("; did you mean 'jdbc:postgresql://db:5432/ppacer'?"));
        assertTrue(assertThrows(StoreException.class, () -> Stores.open(StoreConfig.of("mysql://db/ppacer?password=s3cret")))
                .getMessage().endsWith("; did you mean 'jdbc:mysql://db/ppacer?password=***'?"));
        assertTrue(assertThrows(StoreException.class, () -> Stores.open(StoreConfig.of("redis://db/0"))).getMessage()
                .endsWith("; a store URL is a JDBC URL: jdbc:sqlite:PATH, jdbc:postgresql://HOST/DB or jdbc:mysql://HOST/DB"));
    }

    @Test
    void a_file_sqlite_cannot_open_names_the_reason() throws Exception {
        Path missing = dir.resolve("no-such-dir").resolve("deeper").resolve("p.db");
        StoreException noDir = assertThrows(StoreException.class, () -> Stores.open(StoreConfig.of("jdbc:sqlite:" + missing)));
        assertTrue(noDir.getMessage().startsWith("Cannot open sqlite jdbc:sqlite:" + missing + ": the directory '"
                + missing.getParent() + "' does not exist (nor does '" + dir.resolve("no-such-dir") + "'): create it, or "
                + "give a path in an existing directory ("), noDir.getMessage());
        assertTrue(noDir.getMessage().contains("SQLITE_CANTOPEN"), "SQLite's own words follow: " + noDir.getMessage());

        Path directory = Files.createDirectory(dir.resolve("a-directory.db"));
        StoreException isDir = assertThrows(StoreException.class, () -> Stores.open(StoreConfig.of("jdbc:sqlite:" + directory)));
        assertTrue(isDir.getMessage().startsWith("Cannot open sqlite jdbc:sqlite:" + directory + ": '" + directory
                + "' is a directory, not a database file ("), isDir.getMessage());
    }

    @Test
    void a_directory_this_user_cannot_write_is_named() throws Exception {
        // root writes anywhere, so SQLite opens the file: the case exists only for other users
        assumeFalse("root".equals(System.getProperty("user.name")), "running as root: every directory is writable");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            StoreException e = assertThrows(StoreException.class,
                    () -> Stores.open(StoreConfig.of("jdbc:sqlite:" + locked.resolve("p.db"))));
            assertTrue(e.getMessage().contains(": the directory '" + locked + "' is not writable by this user"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void two_providers_claiming_one_url_is_an_error_naming_both() {
        Stores.Discovery d = new Stores.Discovery(List.of(
                new Stores.Found("sqlite", "ppacer.store.sqlite", new SqliteStoreProvider()),
                new Stores.Found("other-sqlite", "com.example.sqlite", new FakeProvider("other-sqlite", "jdbc:sqlite:"))),
                List.of());
        StoreException e = assertThrows(StoreException.class, () -> Stores.providerFor("jdbc:sqlite:x.db", d));
        assertTrue(e.getMessage().contains("sqlite (ppacer.store.sqlite)"), e.getMessage());
        assertTrue(e.getMessage().contains("other-sqlite (com.example.sqlite)"), e.getMessage());
    }

    @Test
    void a_provider_that_fails_to_load_is_reported() throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(SERVICE), "com.example.MissingStoreProvider\n");
        getClass().getModule().addUses(StoreProvider.class);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Stores.Discovery d = Stores.discover(ServiceLoader.load(StoreProvider.class, loader));
            assertEquals(List.of("sqlite"), d.providers().stream().map(Stores.Found::name).toList());
            assertEquals(1, d.failures().size(), d.failures().toString());
            assertTrue(d.failures().getFirst().contains("com.example.MissingStoreProvider"), d.failures().toString());
            StoreException e = assertThrows(StoreException.class, () -> Stores.providerFor("jdbc:foo:x", d));
            assertTrue(e.getMessage().contains("providers that failed to load"), e.getMessage());
        }
    }

    @Test
    void module_exports_nothing_and_provides_the_store_provider() {
        ModuleDescriptor m = SqliteStoreProvider.class.getModule().getDescriptor();
        assertEquals("ppacer.store.sqlite", m.name());
        assertEquals(Set.of(), m.exports());
        assertEquals(Set.of("java.base", "java.sql", "org.xerial.sqlitejdbc", "ppacer.api"),
                m.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of(), m.uses());
        assertEquals(Map.of(SERVICE, List.of(SqliteStoreProvider.class.getName())), m.provides().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers)));
    }

    @Test
    void services_file_agrees_with_module_provides() throws IOException {
        ModuleDescriptor m = SqliteStoreProvider.class.getModule().getDescriptor();
        Set<String> provided = m.provides().stream().filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        try (var in = SqliteStoreProvider.class.getModule().getResourceAsStream("META-INF/services/" + SERVICE)) {
            assertTrue(in != null, "META-INF/services/" + SERVICE + " is missing");
            Set<String> listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(provided, listed);
        }
    }

    /** A provider claiming a URL prefix. */
    private record FakeProvider(String name, String prefix) implements StoreProvider {
        @Override
        public boolean supports(String url) {
            return url.startsWith(prefix);
        }

        @Override
        public Store open(StoreConfig config) {
            throw new UnsupportedOperationException("fake");
        }
    }
}
