package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** {@code ppacer token create|list|revoke} against a real server with a {@code --token} admin key. */
class TokenCommandTest {
    @TempDir
    Path dir;

    @Test
    void creates_lists_and_revokes_keys_and_the_key_printed_once_works() {
        Dag etl = Dag.builder("etl_x").root(Node.of(Task.of("a", ctx -> { }))).build();
        Dag other = Dag.builder("other").root(Node.of(Task.of("a", ctx -> { }))).build();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(etl, other))
                .storeUrl("jdbc:sqlite:" + dir.resolve("t.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0)
                     .withToken(Optional.of("root-secret"), false))) {
            String url = server.uri().toString();
            Console create = new Console(Map.of(), dir);
            assertEquals(0, create.execute("token", "create", "etl-ops", "--role", "operator", "--dags", "etl_*",
                    "--scheduler", url, "--token", "root-secret"), create.err());
            List<String> lines = create.out().lines().toList();
            assertEquals("Created API key etl-ops (role operator, DAGs etl_*). It is shown only now:", lines.get(0));
            String key = lines.get(1);
            assertTrue(key.startsWith("ppk_"), key);

            Console trigger = new Console(Map.of(), dir);
            assertEquals(0, trigger.execute("trigger", "etl_x", "--scheduler", url, "--token", key), trigger.err());
            Console refused = new Console(Map.of(), dir);
            assertTrue(refused.execute("trigger", "other", "--scheduler", url, "--token", key) != 0, refused.out());
            assertTrue(refused.err().contains("etl_*"), refused.err());

            Console list = new Console(Map.of(), dir);
            assertEquals(0, list.execute("token", "list", "--scheduler", url, "--token", "root-secret"), list.err());
            List<String> rows = list.out().lines().toList();
            assertTrue(rows.get(0).matches("NAME +ROLE +DAGS +ID +CREATED +BY +LAST USED +REVOKED"), list.out());
            assertTrue(rows.get(1).matches("etl-ops +operator +etl_\\* +[0-9a-f]{12} +\\S+ +token +\\S+ +-"), list.out());
            assertFalse(list.out().contains(key.substring(17)), "the secret is not listed");

            Console revoke = new Console(Map.of(), dir);
            assertEquals(0, revoke.execute("token", "revoke", "etl-ops", "--scheduler", url, "--token", "root-secret"),
                    revoke.err());
            assertTrue(revoke.out().startsWith("Revoked API key etl-ops (id "), revoke.out());
            Console after = new Console(Map.of(), dir);
            assertTrue(after.execute("trigger", "etl_x", "--scheduler", url, "--token", key) != 0);
            assertTrue(after.err().contains("Revoked API key"), after.err());

            Console bad = new Console(Map.of(), dir);
            assertEquals(2, bad.execute("token", "create", "x", "--role", "root", "--scheduler", url, "--token",
                    "root-secret"));
            assertEquals(1, bad.err().lines().count(), bad.err());
            assertTrue(bad.err().startsWith("ppacer token create: ") && bad.err().contains("'root'"), bad.err());
        }
    }
}
