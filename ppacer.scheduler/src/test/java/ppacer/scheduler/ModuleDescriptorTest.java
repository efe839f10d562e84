package ppacer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {
    private final ModuleDescriptor d = Scheduler.class.getModule().getDescriptor();

    @Test
    void exports_the_facade_and_its_values_and_keeps_the_core_inside() {
        assertEquals("ppacer.scheduler", d.name());
        assertEquals(Set.of("ppacer.scheduler", "ppacer.scheduler.model"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of("ppacer.scheduler", "ppacer.scheduler.model", "ppacer.scheduler.core"), d.packages());
    }

    @Test
    void requires_only_the_api_and_uses_notifiers() {
        assertEquals(Set.of("ppacer.api.Notifier"), d.uses());
        assertEquals(Set.of(), d.provides());
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "ppacer.api"), requires, "the core needs no HTTP, JSON, executor or store");
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("ppacer.api")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), "its API speaks ppacer.api types");
    }
}
