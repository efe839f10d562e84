package ppacer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

    @Test
    void tests_run_on_the_module_path_inside_ppacer_api() {
        assertEquals("ppacer.api", getClass().getModule().getName());
    }

    @Test
    void exports_the_api_protocol_schedule_spi_and_concurrent_packages_and_the_store_sql_to_the_stores_only() {
        ModuleDescriptor d = Dag.class.getModule().getDescriptor();
        assertEquals(Set.of("ppacer.api", "ppacer.api.protocol", "ppacer.api.schedule", "ppacer.api.spi",
                        "ppacer.api.concurrent", "ppacer.api.storesql"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        d.exports().forEach(e -> assertEquals(e.source().equals("ppacer.api.storesql")
                ? Set.of("ppacer.store.sqlite", "ppacer.store.jdbc") : Set.of(), e.targets(),
                "qualified to the store modules only for the shared SQL, unqualified otherwise: " + e.source()));
    }

    @Test
    void uses_dag_sources_store_providers_and_tracing_providers_and_provides_nothing() {
        ModuleDescriptor d = Dag.class.getModule().getDescriptor();
        assertEquals(Set.of("ppacer.api.DagSource", "ppacer.api.spi.StoreProvider", "ppacer.api.spi.TracingProvider"), d.uses(),
                "notifiers are loaded by the scheduler");
        assertEquals(Set.of(), d.provides());
        assertEquals(Set.of("java.base"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }
}
