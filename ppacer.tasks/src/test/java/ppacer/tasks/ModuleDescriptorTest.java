package ppacer.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {
    private final ModuleDescriptor d = ShellTask.class.getModule().getDescriptor();

    @Test
    void exports_the_tasks_package_only() {
        assertEquals("ppacer.tasks", d.name());
        assertEquals(Set.of("ppacer.tasks"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    }

    @Test
    void requires_the_api_transitively_the_http_client_and_jdbc() {
        assertEquals(Set.of("java.base", "ppacer.api", "java.net.http", "java.sql"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("ppacer.api")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)));
        assertEquals(Set.of(), d.provides());
        assertEquals(Set.of(), d.uses());
    }
}
