package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.spi.AuditQuery;
import ppacer.api.spi.AuditRecord;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** {@code ppacer audit}, and the OS user the CLI names in its operator calls. */
class AuditCommandTest {
    @TempDir
    Path dir;

    @Test
    void a_cli_action_is_recorded_with_its_user_and_listed_with_filters() {
        Dag etl = Dag.builder("etl").root(Node.of(Task.of("a", ctx -> { }))).build();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(etl))
                .storeUrl("jdbc:sqlite:" + dir.resolve("a.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String url = server.uri().toString();
            Map<String, String> env = Map.of("USER", "alice");

            Console pause = new Console(env, dir);
            assertEquals(0, pause.execute("pause", "etl", "--scheduler", url), pause.err());
            Console bad = new Console(env, dir);
            assertEquals(2, bad.execute("pause", "nope", "--scheduler", url), bad.out());
            List<AuditRecord> rows = scheduler.store().audit().list(AuditQuery.all(10));
            assertEquals(1, rows.size(), "one row for the pause, none for the failed call: " + rows);
            assertEquals("anonymous:alice", rows.getFirst().entry().actor());
            assertEquals("dag.pause", rows.getFirst().entry().action());

            Console list = new Console(env, dir);
            assertEquals(0, list.execute("audit", "--dag", "etl", "--since", "P1D", "--scheduler", url), list.err());
            List<String> lines = list.out().lines().toList();
            assertTrue(lines.getFirst().matches("ID +AT +ACTOR +ADDRESS +ACTION +TARGET +BEFORE +AFTER"), list.out());
            assertEquals(2, lines.size(), list.out());
            assertTrue(lines.get(1).matches("1 +\\S+ +anonymous:alice +127\\.0\\.0\\.1 +dag\\.pause +etl +active +paused"),
                    list.out());

            Console none = new Console(env, dir);
            assertEquals(0, none.execute("audit", "--action", "dag.unpause", "--scheduler", url), none.err());
            assertEquals(1, none.out().lines().count(), "only the header: " + none.out());

            Console wrong = new Console(env, dir);
            assertEquals(2, wrong.execute("audit", "--since", "yesterday", "--scheduler", url), wrong.out());
            assertTrue(wrong.err().contains("'yesterday'"), wrong.err());
        }
    }
}
