package ppacer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {
    private final Module module = ExampleDags.class.getModule();
    private final ModuleDescriptor d = module.getDescriptor();

    @Test
    void exports_nothing_and_provides_the_example_dag_source() {
        assertEquals("ppacer.examples", d.name());
        assertEquals(Set.of(), d.exports());
        assertEquals(Map.of("ppacer.api.DagSource", List.of("ppacer.examples.ExampleDags")), d.provides().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers)));
        assertEquals(Set.of("java.base", "ppacer.tasks"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void the_services_file_for_the_class_path_names_the_same_providers() throws IOException {
        List<String> fromFile;
        try (InputStream in = module.getResourceAsStream("META-INF/services/ppacer.api.DagSource")) {
            fromFile = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        }
        List<String> fromDescriptor = d.provides().stream()
                .filter(p -> p.service().equals("ppacer.api.DagSource"))
                .flatMap(p -> p.providers().stream()).toList();
        assertEquals(fromDescriptor, fromFile);
    }
}
