package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.cli.settings.Setting;
import ppacer.cli.settings.Settings;
import ppacer.cli.settings.SettingsException;
import ppacer.cli.settings.SettingsLoader;

class SettingsTest {
    @TempDir
    Path dir;

    private Path yaml(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void defaults_apply_when_nothing_is_set() {
        Settings s = SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir);
        assertEquals("jdbc:sqlite:ppacer.db", s.db());
        assertEquals("127.0.0.1", s.host());
        assertEquals(9321, s.port());
        assertEquals(Optional.empty(), s.token());
        assertFalse(s.protectReads());
        assertEquals(ZoneId.systemDefault(), s.zone());
        assertEquals(URI.create("http://127.0.0.1:9321"), s.scheduler());
        assertEquals(16, s.concurrency());
        assertTrue(s.executorId().startsWith("exec-"));
        assertEquals("default", s.source(Setting.DB));
    }

    @Test
    void flags_beat_environment_which_beats_the_file_which_beats_defaults() throws IOException {
        yaml("ppacer.yaml", """
                db: jdbc:sqlite:from-file.db
                port: 7000
                host: 0.0.0.0
                zone: Asia/Tokyo
                token: file-token
                """);
        Map<String, String> env = Map.of("PPACER_PORT", "8000", "PPACER_ZONE", "UTC", "PPACER_TOKEN", "env-token");
        Settings s = SettingsLoader.load(Map.of(Setting.PORT, "9000"), Optional.empty(), env, dir);
        assertEquals(9000, s.port(), "flag over env and file");
        assertEquals("--port", s.source(Setting.PORT));
        assertEquals(ZoneId.of("UTC"), s.zone(), "env over file");
        assertEquals(Optional.of("env-token"), s.token());
        assertEquals("$PPACER_ZONE", s.source(Setting.ZONE));
        assertEquals("jdbc:sqlite:from-file.db", s.db(), "file over default");
        assertEquals(dir.resolve("ppacer.yaml") + ":db", s.source(Setting.DB));
        assertEquals("0.0.0.0", s.host());
        assertEquals(URI.create("http://127.0.0.1:9000"), s.scheduler(), "clients reach a wildcard bind on loopback");
        assertEquals(16, s.concurrency(), "default when nobody sets it");
    }

    @Test
    void named_config_file_replaces_the_working_directory_one() throws IOException {
        yaml("ppacer.yaml", "port: 7000\n");
        Path other = yaml("other.yml", "port: 7100\nscheduler: http://sched:9321\n");
        Settings s = SettingsLoader.load(Map.of(), Optional.of(other), Map.of(), dir);
        assertEquals(7100, s.port());
        assertEquals(URI.create("http://sched:9321"), s.scheduler());
        Settings viaEnv = SettingsLoader.load(Map.of(), Optional.empty(), Map.of("PPACER_CONFIG", "other.yml"), dir);
        assertEquals(7100, viaEnv.port());
    }

    @Test
    void missing_named_config_file_is_an_error_naming_it() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> SettingsLoader.load(Map.of(), Optional.of(dir.resolve("nope.yaml")), Map.of(), dir));
        assertTrue(e.getMessage().contains("nope.yaml") && e.getMessage().contains("--config"), e.getMessage());
    }

    @Test
    void unknown_keys_in_the_file_are_refused_with_the_known_ones() throws IOException {
        yaml("ppacer.yaml", "dbb: jdbc:sqlite:x.db\n");
        SettingsException e = assertThrows(SettingsException.class,
                () -> SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir));
        assertTrue(e.getMessage().contains("[dbb]") && e.getMessage().contains("db,"), e.getMessage());
    }

    @Test
    void a_bad_value_is_reported_with_where_it_came_from() {
        Settings s = SettingsLoader.load(Map.of(), Optional.empty(), Map.of("PPACER_PORT", "http"), dir);
        SettingsException e = assertThrows(SettingsException.class, s::port);
        assertEquals("Setting port must be an integer from 0 to 65535, was 'http' (from $PPACER_PORT)", e.getMessage());
        Settings zone = SettingsLoader.load(Map.of(Setting.ZONE, "Mars/Base"), Optional.empty(), Map.of(), dir);
        assertThrows(SettingsException.class, zone::zone);
    }

    @Test
    void several_scheduler_urls_come_from_the_flag_the_environment_or_the_file() throws IOException {
        List<URI> both = List.of(URI.create("http://sched-1:9321"), URI.create("http://sched-2:9321"));
        Settings flag = SettingsLoader.load(Map.of(Setting.SCHEDULER, "http://sched-1:9321,http://sched-2:9321"),
                Optional.empty(), Map.of(), dir);
        assertEquals(both, flag.schedulers());
        assertEquals(both.getFirst(), flag.scheduler(), "client commands talk to the first");
        Settings env = SettingsLoader.load(Map.of(), Optional.empty(),
                Map.of("PPACER_SCHEDULER", " http://sched-1:9321 , http://sched-2:9321 "), dir);
        assertEquals(both, env.schedulers());
        Path list = yaml("list.yaml", "scheduler:\n  - http://sched-1:9321\n  - http://sched-2:9321\n");
        assertEquals(both, SettingsLoader.load(Map.of(), Optional.of(list), Map.of(), dir).schedulers());
        Path comma = yaml("comma.yaml", "scheduler: http://sched-1:9321,http://sched-2:9321\n");
        assertEquals(both, SettingsLoader.load(Map.of(), Optional.of(comma), Map.of(), dir).schedulers());
        assertEquals(List.of(URI.create("http://127.0.0.1:9321")),
                SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir).schedulers());

        Settings bad = SettingsLoader.load(Map.of(Setting.SCHEDULER, "http://sched-1:9321,ftp://x"), Optional.empty(),
                Map.of(), dir);
        SettingsException e = assertThrows(SettingsException.class, bad::schedulers);
        assertTrue(e.getMessage().contains("'ftp://x'") && e.getMessage().contains("--scheduler"), e.getMessage());
        Settings empty = SettingsLoader.load(Map.of(Setting.SCHEDULER, " , "), Optional.empty(), Map.of(), dir);
        assertThrows(SettingsException.class, empty::schedulers);
    }

    @Test
    void the_executor_request_timeout_is_short_by_default_and_configurable() {
        assertEquals(Duration.ofSeconds(3), SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir)
                .requestTimeout());
        assertEquals(Duration.ofMillis(500), SettingsLoader.load(Map.of(Setting.REQUEST_TIMEOUT, "500ms"),
                Optional.empty(), Map.of(), dir).requestTimeout());
        assertEquals(Duration.ofSeconds(2), SettingsLoader.load(Map.of(), Optional.empty(),
                Map.of("PPACER_REQUEST_TIMEOUT", "2s"), dir).requestTimeout());
        assertEquals(Duration.ofSeconds(7), SettingsLoader.load(Map.of(Setting.REQUEST_TIMEOUT, "PT7S"),
                Optional.empty(), Map.of(), dir).requestTimeout());
        for (String v : new String[] {"soon", "0s", "-1s", "2h"}) {
            Settings bad = SettingsLoader.load(Map.of(Setting.REQUEST_TIMEOUT, v), Optional.empty(), Map.of(), dir);
            SettingsException e = assertThrows(SettingsException.class, bad::requestTimeout, v);
            assertTrue(e.getMessage().contains("'" + v + "'"), e.getMessage());
        }
    }

    @Test
    void the_node_id_comes_from_the_flag_the_environment_or_the_file_and_is_checked() throws IOException {
        assertEquals(Optional.empty(), SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir).nodeId(),
                "none: the scheduler draws one per process");
        assertEquals(Optional.of("sched-a.example.com"), SettingsLoader.load(Map.of(Setting.NODE_ID,
                "sched-a.example.com"), Optional.empty(), Map.of(), dir).nodeId());
        assertEquals(Optional.of("node_2:blue"), SettingsLoader.load(Map.of(), Optional.empty(),
                Map.of("PPACER_NODE_ID", "node_2:blue"), dir).nodeId());
        Path file = yaml("node.yaml", "node-id: node-3\n");
        assertEquals(Optional.of("node-3"), SettingsLoader.load(Map.of(), Optional.of(file), Map.of(), dir).nodeId());
        for (String v : new String[] {"", "has space", "in-process@x", "a#b", "-dash-first", "x".repeat(256), "zé"}) {
            Settings bad = SettingsLoader.load(Map.of(Setting.NODE_ID, v), Optional.empty(), Map.of(), dir);
            SettingsException e = assertThrows(SettingsException.class, bad::nodeId, v);
            assertEquals("Setting node-id must be 1-255 characters: letters, digits, '.', '_', ':' and '-', starting"
                    + " with a letter or digit, was '" + v + "' (from --node-id)", e.getMessage());
        }
        assertEquals(Optional.of("n".repeat(255)), SettingsLoader.load(Map.of(Setting.NODE_ID, "n".repeat(255)),
                Optional.empty(), Map.of(), dir).nodeId());
    }

    @Test
    void http_server_limits_default_to_the_servers_and_are_configurable() throws IOException {
        Settings defaults = SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir);
        assertEquals(Duration.ofSeconds(30), defaults.readTimeout());
        assertEquals(Duration.ofSeconds(60), defaults.idleTimeout());
        assertEquals(1000, defaults.maxConnections());
        assertEquals(1000, defaults.maxConcurrentRequests());
        Path file = yaml("limits.yaml", "idle-timeout: PT2M\nmax-concurrent-requests: 64\n");
        Settings s = SettingsLoader.load(Map.of(Setting.READ_TIMEOUT, "500ms"), Optional.of(file),
                Map.of("PPACER_MAX_CONNECTIONS", "200"), dir);
        assertEquals(Duration.ofMillis(500), s.readTimeout());
        assertEquals(Duration.ofMinutes(2), s.idleTimeout());
        assertEquals(200, s.maxConnections());
        assertEquals(64, s.maxConcurrentRequests());

        SettingsException read = assertThrows(SettingsException.class, SettingsLoader.load(
                Map.of(Setting.READ_TIMEOUT, "5ms"), Optional.empty(), Map.of(), dir)::readTimeout);
        assertEquals("Setting read-timeout must be a duration from 10ms to 1 hour such as 500ms, 30s or PT30S,"
                + " was '5ms' (from --read-timeout)", read.getMessage());
        SettingsException idle = assertThrows(SettingsException.class, SettingsLoader.load(Map.of(), Optional.empty(),
                Map.of("PPACER_IDLE_TIMEOUT", "forever"), dir)::idleTimeout);
        assertTrue(idle.getMessage().contains("'forever' (from $PPACER_IDLE_TIMEOUT)"), idle.getMessage());
        SettingsException conns = assertThrows(SettingsException.class, SettingsLoader.load(
                Map.of(Setting.MAX_CONNECTIONS, "0"), Optional.empty(), Map.of(), dir)::maxConnections);
        assertEquals("Setting max-connections must be an integer from 1 to 1000000, was '0' (from --max-connections)",
                conns.getMessage());
        assertThrows(SettingsException.class, SettingsLoader.load(Map.of(Setting.MAX_CONCURRENT_REQUESTS, "many"),
                Optional.empty(), Map.of(), dir)::maxConcurrentRequests);
    }

    @Test
    void the_lease_duration_is_10s_by_default_and_at_least_1s() {
        assertEquals(Duration.ofSeconds(10), SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir)
                .leaseDuration());
        assertEquals(Duration.ofSeconds(4), SettingsLoader.load(Map.of(), Optional.empty(),
                Map.of("PPACER_LEASE_DURATION", "4s"), dir).leaseDuration());
        assertEquals(Duration.ofMillis(1500), SettingsLoader.load(Map.of(Setting.LEASE_DURATION, "PT1.5S"),
                Optional.empty(), Map.of(), dir).leaseDuration());
        for (String v : new String[] {"999ms", "0s", "-PT5S", "2h", "ten"}) {
            Settings bad = SettingsLoader.load(Map.of(Setting.LEASE_DURATION, v), Optional.empty(), Map.of(), dir);
            SettingsException e = assertThrows(SettingsException.class, bad::leaseDuration, v);
            assertEquals("Setting lease-duration must be a duration from 1s to 1 hour such as 500ms, 30s or PT30S,"
                    + " was '" + v + "' (from --lease-duration)", e.getMessage());
        }
    }

    @Test
    void tracing_is_off_without_its_section_and_read_from_it_with_the_otel_environment_over_it() throws IOException {
        assertFalse(SettingsLoader.load(Map.of(), Optional.empty(), Map.of(), dir).tracing().enabled());
        Path file = yaml("t.yaml", """
                tracing:
                  enabled: true
                  endpoint: http://collector:4318
                  sample-ratio: 0.25
                  store-threshold: PT0.05S
                """);
        ppacer.api.spi.TracingConfig t = SettingsLoader.load(Map.of(), Optional.of(file), Map.of(), dir).tracing();
        assertTrue(t.enabled());
        assertEquals(URI.create("http://collector:4318"), t.endpoint());
        assertEquals(0.25, t.sampleRatio());
        assertEquals("ppacer", t.serviceName());
        assertEquals(Duration.ofMillis(50), t.storeThreshold());
        t = SettingsLoader.load(Map.of(), Optional.of(file), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://other:4318",
                "OTEL_SERVICE_NAME", "etl-scheduler"), dir).tracing();
        assertEquals(URI.create("http://other:4318"), t.endpoint());
        assertEquals("etl-scheduler", t.serviceName());
    }

    @Test
    void a_bad_tracing_value_is_refused_naming_the_key_the_value_and_the_file() throws IOException {
        Path ratio = yaml("r.yaml", "tracing: {enabled: true, sample-ratio: 2}\n");
        SettingsException e = assertThrows(SettingsException.class,
                () -> SettingsLoader.load(Map.of(), Optional.of(ratio), Map.of(), dir).tracing());
        assertEquals("tracing sample-ratio must be between 0 and 1, was 2.0 (in " + ratio + ")", e.getMessage());
        Path key = yaml("k.yaml", "tracing: {enabled: yes-please}\n");
        e = assertThrows(SettingsException.class, () -> SettingsLoader.load(Map.of(), Optional.of(key), Map.of(), dir).tracing());
        assertEquals("tracing.enabled must be true or false, was 'yes-please' (in " + key + ")", e.getMessage());
        Path unknown = yaml("u.yaml", "tracing: {enabled: true, sampling: 1}\n");
        e = assertThrows(SettingsException.class,
                () -> SettingsLoader.load(Map.of(), Optional.of(unknown), Map.of(), dir).tracing());
        assertTrue(e.getMessage().startsWith("tracing.sampling is not a tracing setting; expected one of [enabled, endpoint,"),
                e.getMessage());
    }

    @Test
    void environment_variable_names_follow_the_yaml_keys() {
        assertEquals("PPACER_DB", Setting.DB.envVar());
        assertEquals("PPACER_PROTECT_READS", Setting.PROTECT_READS.envVar());
        assertEquals("protect-reads", Setting.PROTECT_READS.yamlKey());
        assertEquals("PPACER_EXECUTOR_ID", Setting.EXECUTOR_ID.envVar());
    }

    @Test
    void readme_configuration_table_lists_every_setting() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
                .resolveSibling("README.md"));
        for (Setting s : Setting.values()) {
            String row = "| `" + s.flag();
            assertTrue(readme.contains(row) && readme.contains("`" + s.envVar() + "`")
                    && readme.contains("`" + s.yamlKey() + "`"), "README configuration table lacks " + s);
        }
    }
}
