package ppacer.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.Task;

/** The built-in tasks' settings reach the DAG fingerprint, written the same way every time. */
class TaskDefinitionTest {
    private static String fingerprint(Task task) {
        return Dag.builder("d").root(Node.of(task)).build().fingerprint();
    }

    @Test
    void a_shell_command_change_is_a_new_fingerprint() {
        ShellTask ls = ShellTask.of("list", "ls", "-l");
        assertEquals(fingerprint(ls), fingerprint(ShellTask.of("list", "ls", "-l")));
        assertNotEquals(fingerprint(ls), fingerprint(ShellTask.of("list", "ls", "-la")));
        assertNotEquals(fingerprint(ls), fingerprint(ls.withWorkingDir(Path.of("/data"))));
        assertNotEquals(fingerprint(ls), fingerprint(ls.withEnv("LANG", "C")));
        assertNotEquals(ShellTask.of("a", "echo", "a b").definition(), ShellTask.of("a", "echo", "a", "b").definition());
    }

    @Test
    void environment_order_does_not_matter() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("A", "1");
        ab.put("B", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("B", "2");
        ba.put("A", "1");
        assertEquals(new ShellTask("t", List.of("env"), Optional.empty(), ab).definition(),
                new ShellTask("t", List.of("env"), Optional.empty(), ba).definition());
    }

    @Test
    void http_settings_are_in_the_definition() {
        URI uri = URI.create("http://localhost:1/hook");
        String base = fingerprint(HttpTask.builder("h", uri).method("POST").body("{}").build());
        assertEquals(base, fingerprint(HttpTask.builder("h", uri).method("POST").body("{}").build()));
        assertNotEquals(base, fingerprint(HttpTask.builder("h", uri).method("POST").body("{\"a\":1}").build()));
        assertNotEquals(base, fingerprint(HttpTask.builder("h", uri).method("PUT").body("{}").build()));
        assertNotEquals(base, fingerprint(HttpTask.builder("h", URI.create("http://localhost:1/other")).method("POST")
                .body("{}").build()));
        assertNotEquals(base, fingerprint(HttpTask.builder("h", uri).method("POST").body("{}").header("X-A", "1").build()));
        assertNotEquals(base, fingerprint(HttpTask.builder("h", uri).method("POST").body("{}").expectStatus(202).build()));
        assertNotEquals(base, fingerprint(HttpTask.builder("h", uri).method("POST").body("{}")
                .timeout(Duration.ofSeconds(1)).build()));
        assertNotEquals(HttpTask.builder("h", uri).body("").build().definition(), HttpTask.get("h", uri).definition(),
                "an empty body differs from none");
    }

    @Test
    void a_print_message_change_is_a_new_fingerprint() {
        assertNotEquals(fingerprint(PrintTask.of("p", "hello")), fingerprint(PrintTask.of("p", "bye")));
        assertEquals(NoOpTask.class.getName(), NoOpTask.of("n").definition());
    }
}
