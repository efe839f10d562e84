package ppacer.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {
    private final ModuleDescriptor d = OtelTracing.class.getModule().getDescriptor();

    @Test
    void exports_nothing_and_provides_the_tracing_provider() {
        assertEquals("ppacer.otel", d.name());
        assertEquals(Set.of(), d.exports());
        assertEquals(Set.of("ppacer.api.spi.TracingProvider -> " + List.of(OtelTracingProvider.class.getName())),
                d.provides().stream().map(p -> p.service() + " -> " + p.providers()).collect(Collectors.toSet()));
        assertEquals(Set.of(), d.uses());
    }

    @Test
    void requires_the_api_and_the_opentelemetry_api_sdk_and_otlp_exporter() {
        assertEquals(Set.of("java.base", "ppacer.api", "io.opentelemetry.api", "io.opentelemetry.context",
                        "io.opentelemetry.sdk.common", "io.opentelemetry.sdk.trace", "io.opentelemetry.exporter.otlp"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }
}
