package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
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
import ppacer.api.TaskConfig;
import ppacer.cli.node.NodeConfig;
import ppacer.cli.settings.SettingsException;
import ppacer.cli.settings.SettingsLoader;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** {@code ppacer pools}, {@code ppacer pool set|delete}, and the {@code pools} section of {@code ppacer.yaml}. */
class PoolsCommandTest {
    @TempDir
    Path dir;

    @Test
    void lists_pools_sets_a_size_and_refuses_bad_input_in_one_line() {
        TaskConfig pooled = TaskConfig.builder().pool("warehouse").build();
        Dag load = Dag.builder("load").root(Node.of(Task.of("a", ctx -> { }), pooled), Node.of(Task.of("b", ctx -> { }),
                pooled)).build();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(load))
                .storeUrl("jdbc:sqlite:" + dir.resolve("p.db")).pool("warehouse", 1).pool("spare", 4)
                .stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String url = server.uri().toString();
            long run = scheduler.trigger("load", "{}");
            var lease = scheduler.nextTask("exec-1", Duration.ofSeconds(60)).orElseThrow();
            String holder = lease.taskId() + "#" + lease.attempt();

            Console c = new Console(Map.of(), dir);
            assertEquals(0, c.execute("pools", "--scheduler", url), c.err());
            List<String> lines = c.out().lines().toList();
            assertTrue(lines.getFirst().matches("POOL +SLOTS +USED +FREE +WAITING +HOLDERS"), c.out());
            assertTrue(lines.get(1).matches("spare +4 +0 +4 +0 +-"), c.out());
            assertTrue(lines.get(2).matches("warehouse +1 +1 +0 +1 +" + run + "/" + holder), c.out());

            Console set = new Console(Map.of(), dir);
            assertEquals(0, set.execute("pool", "set", "warehouse", "2", "--scheduler", url), set.err());
            assertEquals("Pool warehouse: 2 slots, 1 used, 1 waiting\n", set.out());
            assertTrue(scheduler.nextTask("exec-1", Duration.ZERO).isPresent(), "grown: the waiting attempt goes at once");

            for (List<String> bad : List.of(List.of("warehouse", "-1"), List.of("warehouse", "many"),
                    List.of("nope", "3"))) {
                Console b = new Console(Map.of(), dir);
                assertEquals(2, b.execute("pool", "set", bad.get(0), bad.get(1), "--scheduler", url), b.out());
                assertEquals(1, b.err().lines().count(), b.err());
                assertTrue(b.err().startsWith("ppacer pool set: "), b.err());
                assertTrue(b.err().contains("'" + bad.get(1) + "'") || b.err().contains(bad.get(1))
                        || b.err().contains("'" + bad.get(0) + "'"), b.err());
            }
            assertEquals(2, scheduler.poolUsage("warehouse").orElseThrow().slots(), "nothing changed");

            Console del = new Console(Map.of(), dir);
            assertEquals(2, del.execute("pool", "delete", "spare", "--scheduler", url));
            assertTrue(del.err().contains("configuration"), del.err());
            assertEquals(1, del.err().lines().count(), del.err());
        }
    }

    @Test
    void the_yaml_pools_section_reaches_the_scheduler_and_a_bad_entry_names_its_key() throws Exception {
        Files.writeString(dir.resolve("ppacer.yaml"), "pools:\n  warehouse: 8\n  api_calls: 0\n");
        NodeConfig c = NodeConfig.of(SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir),
                DagRegistry.of(List.of()), false);
        assertEquals(Map.of("warehouse", 8, "api_calls", 0), c.scheduler().pools());

        Files.writeString(dir.resolve("ppacer.yaml"), "pools:\n  warehouse: eight\n");
        SettingsException e = assertThrows(SettingsException.class, () -> NodeConfig.of(SettingsLoader.load(Map.of(),
                Optional.empty(), Map.of(), dir), DagRegistry.of(List.of()), false));
        assertTrue(e.getMessage().startsWith("pools.warehouse must be a whole number of slots, 0 or more, was 'eight'"),
                e.getMessage());

        Files.writeString(dir.resolve("ppacer.yaml"), "pools:\n  warehouse: -2\n");
        SettingsException neg = assertThrows(SettingsException.class, () -> NodeConfig.of(SettingsLoader.load(Map.of(),
                Optional.empty(), Map.of(), dir), DagRegistry.of(List.of()), false));
        assertTrue(neg.getMessage().contains("'-2'"), neg.getMessage());
    }
}
