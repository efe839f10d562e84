package ppacer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void a_provider_that_fails_to_load_is_reported(@TempDir Path dir) throws IOException {
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
