package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {
    private final ModuleDescriptor descriptor = Main.class.getModule().getDescriptor();

    @Test
    void the_command_line_exports_nothing_and_opens_its_commands_to_picocli_only() {
        assertEquals("ppacer.cli", descriptor.name());
        assertTrue(descriptor.exports().isEmpty(), descriptor.exports().toString());
        assertEquals(Set.of("ppacer.cli.command -> [info.picocli]"), descriptor.opens().stream()
                .map(o -> o.source() + " -> " + o.targets()).collect(Collectors.toSet()));
    }

    @Test
    void stores_and_dags_are_not_required_but_found_at_run_time() {
        Set<String> requires = descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "ppacer.server", "ppacer.exec", "ppacer.notify", "info.picocli", "io.helidon.config",
                "io.helidon.config.yaml", "com.fasterxml.jackson.databind", "java.logging", "jdk.unsupported"), requires);
    }
}
