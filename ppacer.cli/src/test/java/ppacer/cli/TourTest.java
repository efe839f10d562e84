package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.testkit.Await;

/**
 * The README's tour ("A 5-minute tour", step 1), run as written: its command lines are read from
 * the README and executed in order against {@code ppacer run}, with the shell's variables
 * ({@code RUN=$(...)}) and {@code $VAR} references done as a shell would. Each line must exit 0,
 * or the code its comment announces ({@code # exit 1: ...}).
 */
class TourTest {
    private static final Pattern CAPTURE = Pattern.compile("^([A-Z_]+)=\\$\\((.*)\\)(; echo \"exit \\$\\?\")?$");
    private static final Pattern EXPECTED = Pattern.compile("#\\s*exit (\\d)");

    @TempDir
    Path dir;

    /** @return the command lines of the tour's first code block */
    static List<String> tourLines() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int step = readme.indexOf("**1. Run it and look around.**");
        assertTrue(step >= 0, "the README has the tour's step 1");
        int start = readme.indexOf("```bash\n", step) + "```bash\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Splits a shell command line: whitespace-separated words, single-quoted parts kept as is, $VARs replaced. */
    static List<String> words(String line, Map<String, String> vars) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                inWord = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (!quoted && c == '$') {
                int j = i + 1;
                while (j < line.length() && (Character.isUpperCase(line.charAt(j)) || line.charAt(j) == '_')) {
                    j++;
                }
                String name = line.substring(i + 1, j);
                assertTrue(vars.containsKey(name), "$" + name + " is set by an earlier line: " + line);
                word.append(vars.get(name));
                inWord = true;
                i = j - 1;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        assertFalse(quoted, "unbalanced quote: " + line);
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    /** @return the line without its trailing comment (a '#' after whitespace, outside quotes) */
    static String code(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == '#' && !quoted && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void the_readme_tour_runs_as_written() throws Exception {
        List<String> lines = tourLines();
        assertTrue(lines.size() >= 5, "the tour: " + lines);
        Console server = new Console(Map.of(), dir);
        CompletableFuture<Integer> exit = EndToEndTest.async(() -> server.execute("run", "--port", "0",
                "--db", "jdbc:sqlite:" + dir.resolve("ppacer.db")));
        String s = server.awaitServing(Duration.ofSeconds(60)).toString();
        Map<String, String> env = Map.of("PPACER_SCHEDULER", s);
        Map<String, String> vars = new HashMap<>();
        try {
            for (String line : lines) {
                String code = code(line);
                Matcher capture = CAPTURE.matcher(code);
                String command = capture.matches() ? capture.group(2) : code;
                List<String> words = words(command, vars);
                assertEquals("./ppacer", words.getFirst(), "a tour line runs ./ppacer: " + line);
                Matcher expected = EXPECTED.matcher(line);
                int want = expected.find() ? Integer.parseInt(expected.group(1)) : 0;
                Console c = new Console(env, dir);
                int got = c.execute(words.subList(1, words.size()).toArray(String[]::new));
                assertEquals(want, got, line + "\nout: " + c.out() + "\nerr: " + c.err());
                if (capture.matches()) {
                    String id = c.out().strip();
                    assertTrue(id.matches("\\d+"), "--quiet prints only the run id: '" + id + "' for " + line);
                    vars.put(capture.group(1), id);
                }
                check(line, words, c, env);
            }
        } finally {
            server.stop();
        }
        assertEquals(0, exit.get(60, TimeUnit.SECONDS), server.err());
    }

    /** What some lines' comments promise, checked beyond their exit codes. */
    private void check(String line, List<String> words, Console c, Map<String, String> env) {
        String command = words.get(1);
        if (command.equals("logs")) {
            assertTrue(c.out().contains("Hello, world! Starting the run"), line + ": " + c.out());
        } else if (command.equals("mark")) {
            assertEquals("FAILED", runStatus(words.get(2), env), "after " + line);
        } else if (command.equals("clear")) {
            Await.until(Duration.ofSeconds(60), () -> runStatus(words.get(2), env).equals("SUCCESS"),
                    () -> "the cleared run ends SUCCESS again: " + runStatus(words.get(2), env));
        } else if (command.equals("tasks") && line.contains("FLAKY")) {
            assertTrue(c.out().lines().anyMatch(l -> l.startsWith("flaky ") && l.contains(" FAILED ")), c.out());
            assertTrue(c.out().lines().anyMatch(l -> l.startsWith("done ") && l.contains("UPSTREAM_FAILED")), c.out());
        } else if (command.equals("restart")) {
            assertTrue(c.out().contains("flaky (attempt 3)") && c.out().contains(": SUCCESS"), c.out());
        } else if (command.equals("test")) {
            assertTrue(c.out().contains("Testing " + words.get(2)) && c.out().contains(": SUCCESS"), c.out());
        }
    }

    private String runStatus(String runId, Map<String, String> env) {
        Console tasks = new Console(env, dir);
        assertEquals(0, tasks.execute("tasks", runId), tasks.err());
        Matcher m = Pattern.compile("^Run \\d+ of \\S+ \\(execTs [^)]*\\): (\\w+)").matcher(tasks.out());
        assertTrue(m.find(), tasks.out());
        return m.group(1);
    }
}
