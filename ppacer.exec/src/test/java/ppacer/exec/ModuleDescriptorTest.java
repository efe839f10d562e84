package ppacer.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {
    private final ModuleDescriptor d = Executor.class.getModule().getDescriptor();

    @Test
    void exports_the_executor_the_client_and_the_bundle_loader_only() {
        assertEquals("ppacer.exec", d.name());
        assertEquals(Set.of("ppacer.exec", "ppacer.exec.client", "ppacer.exec.bundle"), d.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of("ppacer.exec.wire -> [ppacer.cli, ppacer.server]"), d.exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " -> " + new java.util.TreeSet<>(e.targets())).collect(Collectors.toSet()),
                "the wire format's mapper is for ppacer's own modules only");
    }

    @Test
    void requires_the_api_http_client_and_jackson_provides_nothing_and_uses_dag_sources() {
        assertEquals(Set.of("java.base", "ppacer.api", "java.net.http", "com.fasterxml.jackson.databind"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of(), d.provides());
        assertEquals(Set.of("ppacer.api.DagSource"), d.uses(), "bundles' DAG sources, found in their layers");
        assertEquals(Set.of("ppacer.api"), d.requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()),
                "only ppacer.api types appear in the executor's API; the HTTP client stays inside");
    }
}
