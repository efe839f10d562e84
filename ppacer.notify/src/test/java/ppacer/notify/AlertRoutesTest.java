package ppacer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import ppacer.api.Alert;
import ppacer.api.Notifier;

class AlertRoutesTest {
    private final List<String> sent = new CopyOnWriteArrayList<>();

    private Notifier recording(String name) {
        return new Notifier() {
            @Override
            public void send(Alert alert) {
                sent.add(name + ":" + alert.dagId());
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private Notifier failing(String name) {
        return new Notifier() {
            @Override
            public void send(Alert alert) {
                if (name.endsWith("a")) {
                    throw new NotificationException("webhook " + name + " answered HTTP 500");
                }
                throw new IllegalStateException("a bug in " + name);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static Alert alert(String dag) {
        return new Alert(Alert.Kind.FAILURE, dag, 7, Instant.EPOCH, "t", 0, Optional.empty(), "m");
    }

    @Test
    void a_dag_with_its_own_notifiers_uses_them_instead_of_the_defaults() {
        AlertRoutes routes = new AlertRoutes(List.of(recording("default")),
                Map.of("etl", List.of(recording("etl-mail"), recording("etl-chat"))));

        routes.send(alert("etl"));
        routes.send(alert("other"));

        assertEquals(List.of("etl-mail:etl", "etl-chat:etl", "default:other"), sent);
    }

    @Test
    void every_target_is_tried_and_each_failure_is_named() {
        AlertRoutes routes = new AlertRoutes(List.of(failing("hook-a"), recording("mail"), failing("hook-b")), Map.of());

        NotificationException e = assertThrows(NotificationException.class, () -> routes.send(alert("etl")));

        assertEquals(List.of("mail:etl"), sent);
        assertTrue(e.getMessage().startsWith("2 of 3 notifiers failed for task 't' of DAG 'etl' run 7 attempt 0: "
                + "webhook hook-a answered HTTP 500; hook-b: java.lang.IllegalStateException: a bug in hook-b"), e.getMessage());
        assertEquals(2, e.getSuppressed().length);
    }
}
