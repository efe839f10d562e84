package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.DagRegistry;
import ppacer.cli.node.NodeConfig;
import ppacer.cli.settings.Settings;
import ppacer.cli.settings.SettingsException;
import ppacer.cli.settings.SettingsLoader;
import ppacer.notify.AlertRoutes;
import ppacer.notify.AlertTemplate;
import ppacer.notify.EmailConfig;
import ppacer.notify.EmailNotifier;
import ppacer.notify.LogNotifier;
import ppacer.notify.WebhookConfig;
import ppacer.notify.WebhookNotifier;

/** The {@code notifications} section of {@code ppacer.yaml}: per-DAG and default notifiers, secrets from the environment. */
class NotificationSettingsTest {
    private static final String FULL = """
            port: 9400
            notifications:
              default:
                - type: log
                - type: webhook
                  url: ${CHAT_HOOK}
                  format: slack
                  timeout: 2s
                  retries: 1
                  retry-delay: 250ms
              dags:
                etl:
                  - type: email
                    host: smtp.example.com
                    port: 2525
                    security: ssl
                    user: alerts
                    password: ${SMTP_PASSWORD}
                    from: ppacer@example.com
                    to: [oncall@example.com, data@example.org]
                    subject: "ETL {task} {status}"
                  - type: webhook
                    url: https://hooks.example.com/etl
                    body: '{"summary": "{dag}/{task}: {error}"}'
                    headers:
                      Authorization: Bearer ${HOOK_TOKEN}
                reports: []
            """;

    private static final Map<String, String> ENV = Map.of("CHAT_HOOK", "https://chat.example.com/hooks/T1/B2/s3cret",
            "SMTP_PASSWORD", "pa$$word", "HOOK_TOKEN", "tok-1");

    @TempDir
    Path dir;

    private Settings load(String yaml, Map<String, String> env) throws IOException {
        Files.writeString(dir.resolve("ppacer.yaml"), yaml);
        return SettingsLoader.load(Map.of(), Optional.empty(), env, dir);
    }

    private SettingsException refused(String yaml, Map<String, String> env) throws IOException {
        Settings s = load(yaml, env);
        return assertThrows(SettingsException.class, s::notifications);
    }

    @Test
    void default_and_per_dag_notifiers_are_built_with_secrets_from_the_environment() throws IOException {
        AlertRoutes routes = load(FULL, ENV).notifications().orElseThrow();

        assertInstanceOf(LogNotifier.class, routes.defaults().get(0));
        WebhookConfig chat = assertInstanceOf(WebhookNotifier.class, routes.defaults().get(1)).config();
        assertEquals(URI.create("https://chat.example.com/hooks/T1/B2/s3cret"), chat.url());
        assertEquals(AlertTemplate.SLACK, chat.body());
        assertEquals(Duration.ofSeconds(2), chat.timeout());
        assertEquals(1, chat.retries());
        assertEquals(Duration.ofMillis(250), chat.retryDelay());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9400")), chat.ui(), "{url} points at this node");

        List<?> etl = routes.targets("etl");
        assertEquals(2, etl.size());
        EmailConfig mail = assertInstanceOf(EmailNotifier.class, etl.get(0)).config();
        assertEquals("smtp.example.com", mail.host());
        assertEquals(2525, mail.port());
        assertEquals(EmailConfig.Security.SSL, mail.security());
        assertEquals(Optional.of("alerts"), mail.user());
        assertEquals(Optional.of("pa$$word"), mail.password());
        assertEquals(List.of("oncall@example.com", "data@example.org"), mail.to());
        assertEquals(new AlertTemplate("ETL {task} {status}"), mail.subject());
        WebhookConfig hook = assertInstanceOf(WebhookNotifier.class, etl.get(1)).config();
        assertEquals(new AlertTemplate("{\"summary\": \"{dag}/{task}: {error}\"}"), hook.body());
        assertEquals(Map.of("Authorization", "Bearer tok-1"), hook.headers());
        assertEquals(WebhookConfig.DEFAULT_RETRIES, hook.retries());

        assertEquals(List.of(), routes.targets("reports"), "an empty list silences a DAG");
        assertEquals(routes.defaults(), routes.targets("hello_world"));
    }

    @Test
    void the_routes_reach_the_scheduler_config_of_a_node() throws IOException {
        NodeConfig node = NodeConfig.of(load(FULL, ENV), DagRegistry.of(List.of()), false);

        AlertRoutes routes = assertInstanceOf(AlertRoutes.class, node.scheduler().notifiers().orElseThrow().getFirst());
        assertEquals(2, routes.targets("etl").size());
    }

    @Test
    void without_the_section_the_scheduler_keeps_its_own_default() throws IOException {
        Settings s = load("port: 9400\n", Map.of());

        assertEquals(Optional.empty(), s.notifications());
        assertEquals(Optional.empty(), NodeConfig.of(s, DagRegistry.of(List.of()), false).scheduler().notifiers());
    }

    @Test
    void a_missing_environment_variable_is_named_with_its_key() throws IOException {
        SettingsException e = refused(FULL, Map.of("CHAT_HOOK", "https://chat.example.com/h", "HOOK_TOKEN", "t"));

        assertTrue(e.getMessage().startsWith("notifications.dags.etl[0].password refers to environment variable"
                + " SMTP_PASSWORD, which is not set (in " + dir.resolve("ppacer.yaml")), e.getMessage());
    }

    @Test
    void client_commands_do_not_need_the_secrets() throws IOException {
        Settings s = load(FULL, Map.of());

        assertEquals(9400, s.port(), "the other settings load without the environment variables");
    }

    @Test
    void a_ui_url_replaces_the_node_address_in_links() throws IOException {
        AlertRoutes routes = load("""
                notifications:
                  ui-url: https://ppacer.example.com
                  default:
                    - type: webhook
                      url: https://hooks.example.com/x
                """, Map.of()).notifications().orElseThrow();

        WebhookConfig c = assertInstanceOf(WebhookNotifier.class, routes.defaults().getFirst()).config();
        assertEquals(Optional.of(URI.create("https://ppacer.example.com")), c.ui());
        assertEquals(AlertTemplate.GENERIC_JSON, c.body());
    }

    @Test
    void wrong_values_are_refused_naming_the_key_and_the_value() throws IOException {
        assertEquals("notifications.default[0].type must be log, webhook or email, was 'slack' (in "
                + dir.resolve("ppacer.yaml") + ")", refused("""
                notifications:
                  default:
                    - type: slack
                """, Map.of()).getMessage());
        assertTrue(refused("""
                notifications:
                  dags:
                    etl:
                      - type: email
                        host: smtp.example.com
                        port: smtp
                        from: a@example.com
                        to: b@example.com
                """, Map.of()).getMessage().startsWith(
                "notifications.dags.etl[0].port must be an integer from 1 to 65535, was 'smtp'"));
        assertTrue(refused("""
                notifications:
                  default:
                    - type: webhook
                      url: https://hooks.example.com/x
                      timeout: soon
                """, Map.of()).getMessage().startsWith(
                "notifications.default[0].timeout must be a duration up to 1 hour such as 500ms, 10s or PT10S,"
                        + " was 'soon'"));
        assertTrue(refused("""
                notifications:
                  default:
                    - type: webhook
                      url: https://hooks.example.com/x
                      body: '{"text": "{dagid}"}'
                """, Map.of()).getMessage().startsWith(
                "notifications.default[0].body: Unknown placeholder {dagid}"));
        assertTrue(refused("""
                notifications:
                  default:
                    - type: email
                      host: smtp.example.com
                      from: a@example.com
                """, Map.of()).getMessage().startsWith("notifications.default[0].to is missing"));
        assertTrue(refused("""
                notifications:
                  default:
                    - type: email
                      host: smtp.example.com
                      user: alerts
                      from: a@example.com
                      to: b@example.com
                """, Map.of()).getMessage().startsWith(
                "notifications.default[0].password is missing (user is set)"));
        assertTrue(refused("""
                notifications:
                  default:
                    type: log
                """, Map.of()).getMessage().startsWith(
                "notifications.default must be a list of notifiers, each with a type (log, webhook or email), was a map"));
    }

    @Test
    void unknown_keys_are_refused_with_the_known_ones() throws IOException {
        SettingsException e = refused("""
                notifications:
                  default:
                    - type: webhook
                      url: https://hooks.example.com/x
                      retry: 3
                """, Map.of());

        assertTrue(e.getMessage().startsWith("Unknown keys [retry] in notifications.default[0] (in "), e.getMessage());
        assertTrue(e.getMessage().contains("known keys: [body, format, headers, retries, retry-delay, timeout, type,"
                + " url]"), e.getMessage());
        SettingsException top = refused("""
                notifications:
                  defaults: []
                """, Map.of());
        assertTrue(top.getMessage().startsWith("Unknown keys [defaults] in notifications"), top.getMessage());
    }

    @Test
    void a_bad_webhook_url_does_not_show_its_secret_path() throws IOException {
        SettingsException e = refused("""
                notifications:
                  default:
                    - type: webhook
                      url: hooks.example.com/services/T1/B2/s3cret
                """, Map.of());

        assertTrue(e.getMessage().startsWith("notifications.default[0].url must be an http(s) URL"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
}
