package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.OverlapPolicy;
import ppacer.api.schedule.Schedule;
import ppacer.testkit.Await;
import ppacer.testkit.MutableClock;
import ppacer.testkit.Tasks;

/**
 * {@code GET /dags/{dagId}/schedule-events}: a DAG's schedule decisions, newest first, against a real
 * scheduler on a fake clock: a daily 02:30 in Europe/Warsaw with a 30-hour catch-up window and
 * overlap policy SKIP, first looked at on 2026-03-30 01:00Z, after the spring-forward night.
 */
class ScheduleEventsApiTest {
    private static final Instant START = Instant.parse("2026-03-25T01:30:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();

    private static String line(JsonNode e) {
        return e.get("type").asText() + " " + instant(e.get("scheduledAt")) + " -> " + instant(e.get("nextAt"));
    }

    private static String instant(JsonNode ts) {
        return ts.isNull() ? "null" : OffsetDateTime.parse(ts.get("iso").asText()).toInstant().toString();
    }

    @Test
    void the_decisions_are_listed_newest_first_with_the_skips_of_the_window_and_the_policy() {
        Dag dag = Dag.builder("nightly").schedule(Schedule.cron("30 2 * * *", ZoneId.of("Europe/Warsaw")).startingAt(START))
                .catchUp(true).catchUpWindow(Duration.ofHours(30)).overlap(OverlapPolicy.SKIP)
                .root(Node.of(tasks.ok("t"))).build();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-30T01:00:00Z"));
        try (ApiHarness api = new ApiHarness(dir, DagRegistry.of(dag), clock)) {
            Await.until(Duration.ofSeconds(60), () -> api.scheduler.store().scheduleEvents().recent("nightly", 10).size() == 6,
                    () -> "the watcher's first pass: " + api.scheduler.store().scheduleEvents().recent("nightly", 10));
            ApiHarness.Answer all = api.get("/dags/nightly/schedule-events");
            assertEquals(200, all.status(), all.body());
            List<String> lines = new ArrayList<>();
            all.json().forEach(e -> lines.add(line(e)));
            assertEquals(List.of(
                    "OVERLAP_SKIPPED 2026-03-30T00:30:00Z -> 2026-03-31T00:30:00Z",
                    "CAUGHT_UP 2026-03-29T01:30:00Z -> 2026-03-30T00:30:00Z",
                    "SKIPPED 2026-03-28T01:30:00Z -> 2026-03-29T01:30:00Z",
                    "SKIPPED 2026-03-27T01:30:00Z -> 2026-03-28T01:30:00Z",
                    "SKIPPED 2026-03-26T01:30:00Z -> 2026-03-27T01:30:00Z",
                    "SKIPPED 2026-03-25T01:30:00Z -> 2026-03-26T01:30:00Z"), lines);
            assertEquals("2026-03-30T01:00:00Z", instant(all.json().get(0).get("createdAt")));

            ApiHarness.Answer two = api.get("/dags/nightly/schedule-events?limit=2");
            assertEquals(2, two.json().size());
            ApiHarness.Answer unknown = api.get("/dags/nosuch/schedule-events");
            assertEquals(404, unknown.status(), unknown.body());
            assertTrue(unknown.error().startsWith("Unknown DAG 'nosuch'"), unknown.error());
            ApiHarness.Answer bad = api.get("/dags/nightly/schedule-events?limit=0");
            assertEquals(400, bad.status(), bad.body());
            assertEquals("limit", bad.field());
        }
    }
}
