package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;
import ppacer.exec.client.SchedulerClient;
import ppacer.scheduler.HaConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.scheduler.SchedulerState;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;
import ppacer.testkit.Await;
import ppacer.testkit.ThrowawayPostgres;

/**
 * A leader and a standby on a PostgreSQL server of the test's own: what the standby's {@code /health}
 * and 503 answers say, and what {@code ppacer status} counts as a takeover.
 */
class StandbyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Dag one() {
        Task only = new Task() {
            @Override
            public String id() {
                return "only";
            }

            @Override
            public void execute(TaskContext context) {
                // never run: no executor
            }
        };
        return Dag.builder("one").root(Node.of(only)).build();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static Scheduler start(String pg, String nodeId, int port) {
        return Scheduler.start(SchedulerConfig.builder(DagRegistry.of(one())).storeUrl(pg).stopTimeout(Duration.ofSeconds(2))
                .ha(HaConfig.defaults().withNodeId(nodeId).withAdvertisedUrl("http://127.0.0.1:" + port)).build());
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void a_standby_is_healthy_names_the_leader_and_a_start_is_no_takeover() throws Exception {
        try (ThrowawayPostgres pg = ThrowawayPostgres.start()) {
            int portA = freePort();
            int portB = freePort();
            Scheduler a = start(pg.jdbcUrl(), "node-a", portA);
            SchedulerServer serverA = SchedulerServer.start(a, ServerConfig.defaults().withPort(portA));
            Await.until(WAIT, () -> a.state() == SchedulerState.RUNNING, () -> "a leads, state " + a.state());
            try (Scheduler b = start(pg.jdbcUrl(), "node-b", portB);
                    SchedulerServer serverB = SchedulerServer.start(b, ServerConfig.defaults().withPort(portB))) {
                Await.until(WAIT, () -> b.state() == SchedulerState.STANDBY, () -> "b stands by, state " + b.state());
                String urlA = serverA.uri().toString();
                String urlB = serverB.uri().toString();

                Console statusA = new Console(Map.of(), dir);
                assertEquals(0, statusA.execute("status", "--scheduler", urlA), statusA.err());
                assertTrue(statusA.out().contains("takeovers: 0"), "a start is no takeover: " + statusA.out());

                // a 503 would throw, naming the body
                String health = SchedulerClient.create(URI.create(urlB), Optional.empty(), WAIT).getJson("/health");
                assertTrue(health.contains("\"role\":\"standby\""), health);
                assertTrue(health.matches("(?s).*\"name\":\"store\",\"status\":\"UP\".*"), health);

                Console trigger = new Console(Map.of(), dir);
                assertEquals(2, trigger.execute("trigger", "one", "--scheduler", urlB), trigger.out());
                assertTrue(trigger.err().contains("503") && trigger.err().contains("not the leader; the leader is node-a"
                        + " at " + urlA), "names the leader's URL: " + trigger.err());

                // a real takeover is counted
                serverA.close();
                a.close();
                Await.until(WAIT, () -> b.state() == SchedulerState.RUNNING, () -> "b takes over, state " + b.state());
                Console statusB = new Console(Map.of(), dir);
                assertEquals(0, statusB.execute("status", "--scheduler", urlB), statusB.err());
                assertTrue(statusB.out().contains("takeovers: 1"), statusB.out());
            } finally {
                serverA.close();
                a.close();
            }
        }
    }
}
