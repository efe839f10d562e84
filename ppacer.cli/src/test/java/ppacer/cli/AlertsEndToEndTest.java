package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.DagRunStatus;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.cli.node.NodeConfig;
import ppacer.cli.settings.SettingsLoader;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;
import ppacer.testkit.Await;

/**
 * Alerts from a real scheduler configured by {@code ppacer.yaml}: a task fails for good, and its DAG's
 * notifiers (a broken webhook, a Slack-style webhook on a local HTTP server and e-mail through a local
 * GreenMail SMTP server) get the alert, while the broken one neither stops the others nor scheduling.
 */
class AlertsEndToEndTest {
    @TempDir
    Path dir;

    private HttpServer http;
    private GreenMail smtp;
    private final List<String> posts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
        smtp.stop();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        posts.add(path + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        int status = path.equals("/broken") ? 500 : 200;
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    private static Task task(String id) {
        return new Task() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void execute(TaskContext context) {
                // never run: the test reports the attempt
            }
        };
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void a_failed_task_alerts_its_dags_notifiers_and_a_broken_one_changes_nothing() throws Exception {
        String hooks = "http://127.0.0.1:" + http.getAddress().getPort();
        Files.writeString(dir.resolve("ppacer.yaml"), """
                db: jdbc:sqlite:%s
                notifications:
                  ui-url: https://ppacer.example.com
                  default:
                    - type: webhook
                      url: %s/default
                  dags:
                    etl:
                      - type: webhook
                        url: %s/broken
                        retries: 1
                        retry-delay: 10ms
                      - type: webhook
                        url: ${CHAT_HOOK}
                        format: slack
                      - type: email
                        host: 127.0.0.1
                        port: %d
                        security: none
                        from: ppacer@example.com
                        to: [oncall@example.com]
                """.formatted(dir.resolve("alerts.db"), hooks, hooks, smtp.getSmtp().getPort()));
        Dag etl = Dag.builder("etl").root(Node.of(task("load"))).build();
        SchedulerConfig config = NodeConfig.of(SettingsLoader.load(Map.of(), Optional.empty(),
                Map.of("CHAT_HOOK", hooks + "/chat"), dir), DagRegistry.of(etl), false).scheduler();

        try (Scheduler scheduler = Scheduler.start(config)) {
            long run = scheduler.trigger("etl", null);
            TaskLease lease = scheduler.nextTask("e1", Duration.ofSeconds(60)).orElseThrow(
                    () -> new AssertionError("no attempt of run " + run + " handed out"));
            scheduler.report(lease.key(), lease.token(), TaskOutcome.failed("disk \"full\""));

            Await.until(Duration.ofSeconds(60), () -> smtp.waitForIncomingEmail(100, 1),
                    () -> "no e-mail; webhook posts: " + posts);
            Await.until(Duration.ofSeconds(60), () -> scheduler.store().dagRuns().find(run).orElseThrow().status()
                    == DagRunStatus.FAILED, () -> "run " + run + " did not finish");

            List<String> paths = posts.stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
            assertEquals(List.of("/broken", "/broken", "/chat"), paths, "the broken hook was retried once;"
                    + " the default hook got nothing, etl has its own list");
            JsonNode chat = new ObjectMapper().readTree(posts.get(2).substring("/chat ".length()));
            String text = chat.get("text").asText();
            assertTrue(text.startsWith("Task [load] in DAG [etl] at "), text);
            assertTrue(text.contains("Error:\n\tdisk \"full\""), text);
            assertTrue(text.endsWith("\nhttps://ppacer.example.com/ui/#/runs/" + run + "/tasks/load/0"), text);
        }
    }
}
