package ppacer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scans the module's sources (comments and string literals removed): the scheduler core names no
 * HTTP, JSON or executor type, and its packages depend on each other without a cycle. The module
 * descriptor already keeps such modules out at compile time; this test also catches a
 * fully-qualified name and says which file holds it.
 */
class SourceDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final List<String> FORBIDDEN = List.of("io.helidon.", "com.fasterxml.", "ppacer.exec",
            "ppacer.server", "ppacer.ui", "java.net.http", "java.sql.", "org.xerial", "com.zaxxer");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern SCHEDULER_REF = Pattern.compile("\\b(ppacer\\.scheduler(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void sources_are_found() {
        assertTrue(sources().size() > 30, "scanned " + SOURCES.toAbsolutePath() + ": " + sources().size() + " files");
    }

    @Test
    void no_source_names_http_json_executor_or_store_types() {
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            String code = code(p);
            for (String f : FORBIDDEN) {
                if (code.contains(f)) {
                    found.add(SOURCES.relativize(p) + " names " + f);
                }
            }
        }
        assertEquals(List.of(), found, "the scheduler core needs only ppacer.api");
    }

    @Test
    void packages_do_not_depend_on_each_other_in_a_cycle() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path p : sources()) {
            String code = code(p);
            Matcher pm = PACKAGE.matcher(code);
            if (!pm.find()) {
                continue;
            }
            String pkg = pm.group(1);
            Set<String> targets = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = SCHEDULER_REF.matcher(code);
            while (m.find()) {
                if (!m.group(1).equals(pkg)) {
                    targets.add(m.group(1));
                }
            }
        }
        assertTrue(uses.keySet().containsAll(Set.of("ppacer.scheduler", "ppacer.scheduler.core", "ppacer.scheduler.model")),
                uses.toString());
        for (String start : uses.keySet()) {
            assertTrue(!reaches(uses, start, start, new TreeSet<>()), "a cycle through " + start + " in " + uses);
        }
        assertEquals(Set.of(), uses.get("ppacer.scheduler.model"), "the model imports nothing of the scheduler");
        assertEquals(Set.of("ppacer.scheduler.model"), uses.get("ppacer.scheduler.core"), "the core imports the model only");
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(uses, next, target, seen))) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> sources() {
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String code(Path p) {
        try {
            return COMMENT_OR_STRING.matcher(Files.readString(p)).replaceAll(" ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
