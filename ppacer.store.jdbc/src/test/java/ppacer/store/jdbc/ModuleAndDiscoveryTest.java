package ppacer.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.StoreException;
import ppacer.api.spi.StoreProvider;
import ppacer.api.spi.Stores;

class ModuleAndDiscoveryTest {
    @Test
    void the_module_exports_nothing_and_provides_both_stores() {
        Module m = PostgresStoreProvider.class.getModule();
        assertEquals("ppacer.store.jdbc", m.getName());
        ModuleDescriptor d = m.getDescriptor();
        assertEquals(Set.of(), d.exports());
        var provides = d.provides().stream().filter(p -> p.service().equals(StoreProvider.class.getName())).toList();
        assertEquals(1, provides.size());
        assertEquals(List.of(PostgresStoreProvider.class.getName(), MysqlStoreProvider.class.getName()),
                provides.getFirst().providers());
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.containsAll(Set.of("ppacer.api", "java.sql", "io.helidon.dbclient", "io.helidon.dbclient.jdbc",
                "com.zaxxer.hikari")), requires.toString());
        assertTrue(requires.stream().noneMatch(r -> r.contains("postgresql") || r.contains("mysql")), requires.toString());
    }

    @Test
    void discovery_finds_postgresql_and_mysql_by_url_scheme() {
        var discovery = Stores.discover();
        var names = discovery.providers().stream().map(Stores.Found::name).toList();
        assertTrue(names.containsAll(List.of("postgresql", "mysql")), names.toString());
        assertEquals("postgresql", Stores.providerFor("jdbc:postgresql://h/db", discovery).name());
        assertEquals("mysql", Stores.providerFor("jdbc:mysql://h/db", discovery).name());
        var e = assertThrows(StoreException.class, () -> Stores.providerFor("jdbc:foo:x", discovery));
        assertTrue(e.getMessage().contains("postgresql") && e.getMessage().contains("mysql")
                && e.getMessage().contains("jdbc:foo:x"), e.getMessage());
    }
}
