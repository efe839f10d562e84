package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRegistry;
import ppacer.cli.node.NodeConfig;
import ppacer.cli.settings.Setting;
import ppacer.cli.settings.SettingsLoader;
import ppacer.server.ServerConfig;

/** What the settings of {@code run} and {@code scheduler} become: the scheduler's, server's and worker's configs. */
class NodeConfigTest {
    @TempDir
    Path dir;

    private final DagRegistry registry = DagRegistry.of(List.of());

    private NodeConfig config(Map<Setting, String> flags, boolean withExecutor) {
        return NodeConfig.of(SettingsLoader.load(flags, Optional.empty(), Map.of(), dir), registry, withExecutor);
    }

    @Test
    void defaults_are_the_java_apis() {
        NodeConfig c = config(Map.of(), true);
        assertEquals(ServerConfig.Limits.defaults(), c.server().limits());
        assertEquals(Duration.ofSeconds(10), c.scheduler().leaseDuration());
        assertTrue(c.scheduler().ha().nodeId().startsWith("sched-" + ProcessHandle.current().pid() + "-"),
                c.scheduler().ha().nodeId());
        assertNotEquals(c.scheduler().ha().nodeId(), config(Map.of(), true).scheduler().ha().nodeId(),
                "without the setting every scheduler draws its own");
        assertEquals(Duration.ofSeconds(3), c.worker().orElseThrow().heartbeatInterval());
        assertEquals("in-process", c.worker().orElseThrow().executorId());
        assertEquals(Optional.empty(), config(Map.of(), false).worker());
    }

    @Test
    void node_id_limits_and_lease_reach_the_scheduler_and_its_server() {
        NodeConfig c = config(Map.of(Setting.NODE_ID, "sched-a", Setting.READ_TIMEOUT, "5s", Setting.IDLE_TIMEOUT,
                "PT90S", Setting.MAX_CONNECTIONS, "300", Setting.MAX_CONCURRENT_REQUESTS, "200",
                Setting.LEASE_DURATION, "20s", Setting.HOST, "0.0.0.0", Setting.PORT, "0"), false);
        assertEquals("sched-a", c.scheduler().ha().nodeId());
        assertEquals(new ServerConfig.Limits(Duration.ofSeconds(5), Duration.ofSeconds(90), 300, 200),
                c.server().limits());
        assertEquals("0.0.0.0", c.server().host());
        assertEquals(0, c.server().port());
        assertEquals(Duration.ofSeconds(20), c.scheduler().leaseDuration());
        assertEquals("", c.scheduler().ha().advertisedUrl(), "port 0: the URL is not known before binding");
    }

    @Test
    void a_scheduler_on_a_fixed_port_advertises_its_url_for_standbys_to_name() {
        assertEquals("http://127.0.0.1:9321", config(Map.of(), false).scheduler().ha().advertisedUrl());
        assertEquals("http://10.1.2.3:9400", config(Map.of(Setting.HOST, "10.1.2.3", Setting.PORT, "9400"), false)
                .scheduler().ha().advertisedUrl());
        assertEquals("http://[::1]:9400", config(Map.of(Setting.HOST, "::1", Setting.PORT, "9400"), false)
                .scheduler().ha().advertisedUrl());
        String wildcard = config(Map.of(Setting.HOST, "0.0.0.0", Setting.PORT, "9400"), false).scheduler().ha()
                .advertisedUrl();
        assertTrue(wildcard.isEmpty() || (wildcard.startsWith("http://") && wildcard.endsWith(":9400")
                && !wildcard.contains("0.0.0.0")), "this machine's name for a wildcard host: " + wildcard);
    }

    @Test
    void a_short_lease_shortens_the_in_process_heartbeat_to_a_third_of_it() {
        assertEquals(Duration.ofSeconds(2), config(Map.of(Setting.LEASE_DURATION, "6s"), true).worker().orElseThrow()
                .heartbeatInterval());
        assertEquals(Duration.ofMillis(333), config(Map.of(Setting.LEASE_DURATION, "1s"), true).worker().orElseThrow()
                .heartbeatInterval());
        assertEquals(Duration.ofSeconds(3), config(Map.of(Setting.LEASE_DURATION, "60s"), true).worker().orElseThrow()
                .heartbeatInterval(), "never longer than the default");
    }

    @Test
    void the_map_items_limit_reaches_the_scheduler_and_a_bad_one_is_named() {
        assertEquals(1024, config(Map.of(), false).scheduler().maxMapItems());
        assertEquals(10_000, config(Map.of(Setting.MAX_MAP_ITEMS, "10000"), false).scheduler().maxMapItems());
        ppacer.cli.settings.SettingsException bad = org.junit.jupiter.api.Assertions.assertThrows(
                ppacer.cli.settings.SettingsException.class, () -> config(Map.of(Setting.MAX_MAP_ITEMS, "0"), false));
        assertEquals(true, bad.getMessage().contains("--max-map-items") && bad.getMessage().contains("'0'")
                && bad.getMessage().contains("an integer from 1 to 100000"), bad.getMessage());
    }

    @Test
    void the_output_limit_reaches_the_scheduler_and_the_body_limit_grows_to_carry_it() {
        assertEquals(65536, config(Map.of(), false).scheduler().maxOutputBytes());
        assertEquals(1024 * 1024, config(Map.of(), false).server().maxBodyBytes(), "the default body limit is enough");
        NodeConfig big = config(Map.of(Setting.MAX_OUTPUT_BYTES, "4000000"), false);
        assertEquals(4_000_000, big.scheduler().maxOutputBytes());
        assertEquals(ppacer.server.SchedulerServer.reportBodyBytes(4_000_000), big.server().maxBodyBytes());
        ppacer.cli.settings.SettingsException bad = org.junit.jupiter.api.Assertions.assertThrows(
                ppacer.cli.settings.SettingsException.class, () -> config(Map.of(Setting.MAX_OUTPUT_BYTES, "lots"), false));
        assertEquals(true, bad.getMessage().contains("--max-output-bytes") && bad.getMessage().contains("'lots'")
                && bad.getMessage().contains("an integer from 0 to 16777215"), bad.getMessage());
    }
}
