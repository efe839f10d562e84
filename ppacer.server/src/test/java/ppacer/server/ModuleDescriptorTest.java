package ppacer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {
    private final ModuleDescriptor d = SchedulerServer.class.getModule().getDescriptor();

    @Test
    void exports_only_the_server_facade_and_keeps_the_http_layer_inside() {
        assertEquals("ppacer.server", d.name());
        assertEquals(Set.of("ppacer.server"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        // the tests' own packages are patched into the module when they run
        assertTrue(d.packages().containsAll(Set.of("ppacer.server", "ppacer.server.http")), d.packages().toString());
    }

    @Test
    void builds_on_the_core_the_executor_and_the_ui_and_no_store() {
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.containsAll(Set.of("ppacer.scheduler", "ppacer.exec", "ppacer.ui", "io.helidon.webserver",
                "com.fasterxml.jackson.databind")), requires.toString());
        assertTrue(requires.stream().noneMatch(r -> r.startsWith("ppacer.store")), "stores come through ServiceLoader: "
                + requires);
        assertEquals(Set.of(), d.provides());
    }

    @Test
    void the_ui_module_holds_the_assets() {
        Module ui = ppacer.ui.UiAssets.class.getModule();
        assertEquals("ppacer.ui", ui.getName());
        assertEquals(Set.of("ppacer.ui"), ui.getDescriptor().packages());
        assertTrue(ppacer.ui.UiAssets.read("index.html").isPresent(), "index.html is a resource of ppacer.ui");
    }
}
