package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.schedule.Schedule;
import ppacer.testkit.Tasks;

/**
 * {@code GET /dags/{dagId}/schedule}: the next points of a DAG's schedule as the scheduler computes
 * them, with what a clock change does to a point (Europe/Warsaw's spring-forward gap and fall-back
 * overlap of 2026), and clear errors for a DAG without a schedule and bad parameters.
 */
class SchedulePreviewTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    @TempDir
    Path dir;
    private final Tasks tasks = new Tasks();
    private ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(dir, DagRegistry.of(
                Dag.builder("nightly").schedule(Schedule.cron("30 2 * * *", ZoneId.of("Europe/Warsaw")).startingAt(START))
                        .root(Node.of(tasks.ok("t"))).build(),
                Dag.builder("often").schedule(Schedule.every(Duration.ofMinutes(15), START)).root(Node.of(tasks.ok("t")))
                        .build(),
                Dag.builder("manual").root(Node.of(tasks.ok("t"))).build(),
                Dag.builder("guarded").schedule(Schedule.cron("0 3 * * *", ZoneId.of("Europe/Warsaw")).startingAt(START))
                        .catchUp(true).catchUpWindow(Duration.ofHours(24)).overlap(ppacer.api.OverlapPolicy.SKIP)
                        .root(Node.of(tasks.ok("t"))).build()), Optional.empty(), false);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static List<String> points(JsonNode preview) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : preview.get("points")) {
            out.add(p.get("logicalTime").asText() + (p.get("note").isNull() ? "" : " | " + p.get("note").asText()));
        }
        return out;
    }

    @Test
    void a_cron_schedule_notes_the_points_a_clock_change_shifts_or_repeats() {
        ApiHarness.Answer spring = api.get("/dags/nightly/schedule?from=2026-03-27T00:00:00Z&count=3");
        assertEquals(200, spring.status(), spring.body());
        assertEquals("30 2 * * * (Europe/Warsaw)", spring.json().get("schedule").asText());
        assertEquals("Europe/Warsaw", spring.json().get("zone").asText());
        assertEquals(List.of("2026-03-27T02:30+01:00", "2026-03-28T02:30+01:00",
                "2026-03-29T03:30+02:00 | 02:30 does not exist on 2026-03-29 in Europe/Warsaw (clocks go forward 02:00 → 03:00):"
                        + " runs at 03:30"), points(spring.json()));

        ApiHarness.Answer autumn = api.get("/dags/nightly/schedule?from=2026-10-24T00:00:00Z&count=3");
        assertEquals(List.of("2026-10-24T02:30+02:00",
                "2026-10-25T02:30+02:00 | 02:30 occurs twice on 2026-10-25 in Europe/Warsaw (clocks go back): runs once,"
                        + " at the first, +02:00", "2026-10-26T02:30+01:00"), points(autumn.json()));
    }

    @Test
    void without_from_the_preview_starts_at_the_next_due_point_and_a_fixed_schedule_has_no_notes() {
        ppacer.testkit.Await.until(Duration.ofSeconds(60), () -> api.scheduler.nextDue("often").isPresent(),
                () -> "the watcher's first look at often");
        Instant dueBefore = api.scheduler.nextDue("often").orElseThrow();
        ApiHarness.Answer often = api.get("/dags/often/schedule?count=4");
        Instant dueAfter = api.scheduler.nextDue("often").orElseThrow(); // a 15-minute point may pass in between
        assertEquals(200, often.status(), often.body());
        List<String> p = points(often.json());
        assertEquals(4, p.size());
        Instant first = java.time.OffsetDateTime.parse(p.getFirst()).toInstant();
        assertTrue(first.equals(dueBefore) || first.equals(dueAfter), "the watcher's next point comes first: " + first
                + ", due " + dueBefore + " / " + dueAfter);
        for (int i = 1; i < 4; i++) {
            assertEquals(first.plus(Duration.ofMinutes(15L * i)), java.time.OffsetDateTime.parse(p.get(i)).toInstant());
        }
        assertEquals(false, often.json().get("paused").asBoolean());
        api.post("/dags/often/pause", "{}");
        assertTrue(api.get("/dags/often/schedule?count=1").json().get("paused").asBoolean());
    }

    @Test
    void the_catch_up_window_and_overlap_policy_are_shown_with_the_dag_and_its_preview() {
        ApiHarness.Answer list = api.get("/dags");
        assertEquals(200, list.status(), list.body());
        for (JsonNode d : list.json()) {
            boolean guarded = d.get("dagId").asText().equals("guarded");
            assertEquals(guarded ? "PT24H" : null, d.get("catchUpWindow").isNull() ? null : d.get("catchUpWindow").asText());
            assertEquals(guarded ? "SKIP" : "ALLOW", d.get("overlap").asText());
            assertEquals(guarded ? 1 : ppacer.api.Dag.DEFAULT_MAX_ACTIVE_RUNS, d.get("maxActiveRuns").asInt(),
                    "an overlap policy other than ALLOW runs one run at a time");
        }
        JsonNode one = api.get("/dags/guarded").json();
        assertEquals("PT24H", one.get("catchUpWindow").asText());
        assertEquals("SKIP", one.get("overlap").asText());
        JsonNode preview = api.get("/dags/guarded/schedule?count=1").json();
        assertEquals(true, preview.get("catchUp").asBoolean());
        assertEquals("PT24H", preview.get("catchUpWindow").asText());
        assertEquals("SKIP", preview.get("overlap").asText());
        JsonNode nightly = api.get("/dags/nightly/schedule?count=1").json();
        assertTrue(nightly.get("catchUpWindow").isNull(), nightly.toString());
        assertEquals("ALLOW", nightly.get("overlap").asText());
    }

    @Test
    void bad_input_is_a_clear_4xx() {
        ApiHarness.Answer manual = api.get("/dags/manual/schedule");
        assertEquals(400, manual.status(), manual.body());
        assertEquals("DAG 'manual' has no schedule: it runs only when triggered", manual.error());
        ApiHarness.Answer unknown = api.get("/dags/nosuch/schedule");
        assertEquals(404, unknown.status(), unknown.body());
        assertTrue(unknown.error().startsWith("Unknown DAG 'nosuch'; known DAGs: "), unknown.error());
        ApiHarness.Answer count = api.get("/dags/nightly/schedule?count=0");
        assertEquals(400, count.status(), count.body());
        assertEquals("count", count.field());
        ApiHarness.Answer from = api.get("/dags/nightly/schedule?from=tomorrow");
        assertEquals(400, from.status(), from.body());
        assertEquals("from", from.field());
    }
}
