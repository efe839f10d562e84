package ppacer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {
    private final ModuleDescriptor d = WebhookNotifier.class.getModule().getDescriptor();

    @Test
    void exports_the_notify_package_only() {
        assertEquals("ppacer.notify", d.name());
        assertEquals(Set.of("ppacer.notify"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    }

    @Test
    void requires_the_api_transitively_the_http_client_and_the_mail_api() {
        assertEquals(Set.of("java.base", "ppacer.api", "java.net.http", "jakarta.mail"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("ppacer.api")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)));
        assertEquals(Set.of(), d.provides());
        assertEquals(Set.of(), d.uses());
    }
}
