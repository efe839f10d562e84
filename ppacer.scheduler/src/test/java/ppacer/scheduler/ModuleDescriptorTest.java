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
    void exports_only_the_public_scheduler_package() {
        assertEquals("ppacer.scheduler", d.name());
        assertEquals(Set.of("ppacer.scheduler"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(d.packages().containsAll(Set.of("ppacer.scheduler.core", "ppacer.scheduler.http")));
    }

    @Test
    void uses_notifiers_and_requires_no_store_module() {
        assertEquals(Set.of("ppacer.api.Notifier"), d.uses());
        assertEquals(Set.of(), d.provides());
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.containsAll(Set.of("ppacer.api", "ppacer.exec", "io.helidon.webserver")), requires.toString());
        assertTrue(requires.stream().noneMatch(r -> r.startsWith("ppacer.store")), "stores come through ServiceLoader: "
                + requires);
    }
}
