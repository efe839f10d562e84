package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.api.spi.TaskLogRecord;

class CommandLineTest {
    private static final List<String> COMMANDS = List.of("run", "scheduler", "executor", "dags", "trigger", "runs",
            "tasks", "logs", "output", "restart", "mark", "pause", "unpause", "status", "test", "schedule", "executors", "why",
            "backfill", "backfills", "backfill-status", "backfill-cancel", "backfill-pause", "backfill-resume", "audit");

    @TempDir
    Path dir;

    private Console console() {
        return new Console(Map.of(), dir);
    }

    @Test
    void every_command_has_help() {
        for (String c : COMMANDS) {
            Console con = console();
            assertEquals(0, con.execute(c, "--help"), c);
            assertTrue(con.out().startsWith("Usage: ppacer " + c), c + ": " + con.out());
        }
        Console top = console();
        assertEquals(0, top.execute("--help"));
        for (String c : COMMANDS) {
            assertTrue(top.out().contains("  " + c + " "), "top help lists " + c);
        }
    }

    @Test
    void usage_errors_exit_2() {
        Console unknown = console();
        assertEquals(2, unknown.execute("trigger", "hello_world", "--no-such-flag"));
        assertTrue(unknown.err().contains("Unknown option: '--no-such-flag'"), unknown.err());
        // a prefix of an option suggests every option it may stand for, not only the most similar one
        Console prefix = console();
        assertEquals(2, prefix.execute("run", "--prot", "--port", "0"));
        assertTrue(prefix.err().contains("--port") && prefix.err().contains("--protect-reads"), prefix.err());
        Console missing = console();
        assertEquals(2, missing.execute("logs", "12"));
        assertTrue(missing.err().contains("Missing required parameter: 'TASK'"), missing.err());
        Console noCommand = console();
        assertEquals(2, noCommand.execute());
        Console notANumber = console();
        assertEquals(2, notANumber.execute("tasks", "abc"));
    }

    @Test
    void an_unknown_store_fails_at_once_with_exit_2_and_the_available_stores() {
        Console con = console();
        assertEquals(2, con.execute("run", "--db", "jdbc:nosuch:x", "--port", "0"));
        assertTrue(con.err().contains("No store supports 'jdbc:nosuch:x'"), con.err());
        assertTrue(con.err().contains("sqlite (ppacer.store.sqlite)"), "lists the stores found: " + con.err());
    }

    @Test
    void the_store_url_comes_from_the_environment_when_no_flag_is_given() {
        Console con = new Console(Map.of("PPACER_DB", "jdbc:fromenv:x"), dir);
        assertEquals(2, con.execute("scheduler", "--port", "0"));
        assertTrue(con.err().contains("No store supports 'jdbc:fromenv:x'"), con.err());
    }

    @Test
    void store_options_are_checked_before_anything_starts() {
        Console typo = console();
        assertEquals(2, typo.execute("run", "--db", "jdbc:sqlite:" + dir.resolve("x.db"), "--port", "0",
                "--db-options", "synchronus=FULL"));
        assertTrue(typo.err().contains("Unknown store option 'synchronus' for sqlite; expected [checkpointEvery, "
                + "groupCommitMax, poolSize, quickCheckTimeout, synchronous, timeout]"), typo.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("x.db")), "no database was created");

        Console malformed = new Console(Map.of("PPACER_DB_OPTIONS", "synchronous"), dir);
        assertEquals(2, malformed.execute("scheduler", "--port", "0"));
        assertTrue(malformed.err().contains("Setting db-options must be KEY=VALUE pairs separated by commas, each key "
                + "once, e.g. synchronous=FULL,timeout=PT10S, was 'synchronous' (from $PPACER_DB_OPTIONS)"),
                malformed.err());
    }

    @Test
    void a_damaged_sqlite_file_is_refused_with_exit_2_naming_the_file_and_what_quick_check_found() throws Exception {
        Path file = dir.resolve("damaged.db");
        try (Store store = Stores.open(StoreConfig.of("jdbc:sqlite:" + file))) {
            List<TaskLogRecord> records = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                records.add(new TaskLogRecord(new AttemptKey(1, "t", 0), Instant.EPOCH.plusSeconds(i), "INFO",
                        "line " + i + " " + "y".repeat(900), "{}"));
            }
            store.taskLogs().append(records);
        }
        long pages = Files.size(file) / 4096;
        Random random = new Random(14);
        byte[] garbage = new byte[4096];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (int i = 1; i <= 20; i++) { // 20 pages spread over the file, never page 1 (the header)
                random.nextBytes(garbage);
                raf.seek(i * (pages - 1) / 21 * 4096 + 4096);
                raf.write(garbage);
            }
        }
        for (String command : List.of("run", "scheduler")) {
            Console con = console();
            int code = assertTimeoutPreemptively(Duration.ofMinutes(2),
                    () -> con.execute(command, "--db", "jdbc:sqlite:" + file, "--port", "0"),
                    () -> command + " did not refuse the damaged file (it is serving); err: " + con.err());
            assertEquals(2, code, con.err());
            assertTrue(con.err().contains("The SQLite database '" + file + "' is damaged; PRAGMA quick_check found: "),
                    con.err());
        }
    }

    @Test
    void a_bad_setting_exits_2_naming_its_source() {
        Console con = new Console(Map.of("PPACER_PORT", "99999"), dir);
        assertEquals(2, con.execute("run"));
        assertTrue(con.err().contains("port must be an integer from 0 to 65535, was '99999' (from $PPACER_PORT)"),
                con.err());
    }

    @Test
    void bad_node_limit_and_lease_settings_exit_2_before_anything_starts() {
        Map<List<String>, String> cases = Map.of(
                List.of("--node-id", "two words"), "Setting node-id must be 1-255 characters: letters, digits, '.', '_',"
                        + " ':' and '-', starting with a letter or digit, was 'two words' (from --node-id)",
                List.of("--read-timeout", "1ms"), "Setting read-timeout must be a duration from 10ms to 1 hour such as"
                        + " 500ms, 30s or PT30S, was '1ms' (from --read-timeout)",
                List.of("--idle-timeout", "2h"), "was '2h' (from --idle-timeout)",
                List.of("--max-connections", "-1"), "Setting max-connections must be an integer from 1 to 1000000,"
                        + " was '-1' (from --max-connections)",
                List.of("--max-concurrent-requests", "lots"), "was 'lots' (from --max-concurrent-requests)",
                List.of("--lease-duration", "500ms"), "Setting lease-duration must be a duration from 1s to 1 hour such"
                        + " as 500ms, 30s or PT30S, was '500ms' (from --lease-duration)");
        for (String command : List.of("run", "scheduler")) {
            cases.forEach((flag, message) -> {
                Console con = console();
                List<String> args = new ArrayList<>(List.of(command, "--port", "0", "--db",
                        "jdbc:sqlite:" + dir.resolve("never.db")));
                args.addAll(flag);
                assertEquals(2, con.execute(args.toArray(String[]::new)), command + " " + flag + ": " + con.err());
                assertTrue(con.err().contains(message), command + " " + flag + ": " + con.err());
            });
        }
        Console env = new Console(Map.of("PPACER_NODE_ID", "a@b"), dir);
        assertEquals(2, env.execute("scheduler", "--port", "0", "--db", "jdbc:sqlite:" + dir.resolve("never.db")));
        assertTrue(env.err().contains("was 'a@b' (from $PPACER_NODE_ID)"), env.err());
        assertFalse(Files.exists(dir.resolve("never.db")), "no database was created");
    }

    @Test
    void an_unreachable_scheduler_exits_2() {
        Console con = console();
        assertEquals(2, con.execute("dags", "--scheduler", "http://127.0.0.1:1"));
        assertTrue(con.err().contains("not reachable"), con.err());
    }

    @Test
    void bad_trigger_params_exit_2() {
        Console con = console();
        assertEquals(2, con.execute("trigger", "hello_world", "--params", "[1,2]", "--scheduler", "http://127.0.0.1:1"));
        assertTrue(con.err().contains("--params must be a JSON object"), con.err());
    }
}
