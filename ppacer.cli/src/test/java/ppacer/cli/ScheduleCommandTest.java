package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.schedule.Schedule;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/** {@code ppacer schedule DAG}: the next points in the schedule's zone, a DST note, errors with exit 2. */
class ScheduleCommandTest {
    @TempDir
    Path dir;

    @Test
    void lists_the_next_points_with_the_clock_change_notes() {
        Dag nightly = Dag.builder("nightly").schedule(Schedule.cron("30 2 * * *", ZoneId.of("Europe/Warsaw"))
                .startingAt(Instant.parse("2026-01-01T00:00:00Z"))).root(Node.of(Task.of("t", ctx -> { }))).build();
        Dag guardedDag = Dag.builder("guarded").schedule(Schedule.cron("0 3 * * *", ZoneId.of("Europe/Warsaw"))
                .startingAt(Instant.parse("2026-01-01T00:00:00Z"))).catchUp(true).catchUpWindow(Duration.ofHours(24))
                .overlap(ppacer.api.OverlapPolicy.BUFFER_ONE).root(Node.of(Task.of("t", ctx -> { }))).build();
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(DagRegistry.of(nightly, guardedDag))
                .storeUrl("jdbc:sqlite:" + dir.resolve("s.db")).stopTimeout(Duration.ofSeconds(2)).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0))) {
            String s = server.uri().toString();
            Console c = new Console(Map.of(), dir);
            assertEquals(0, c.execute("schedule", "nightly", "--next", "2", "--from", "2026-03-28T00:00:00Z",
                    "--scheduler", s), c.err());
            assertEquals("""
                    nightly: 30 2 * * * (Europe/Warsaw)
                    #  LOGICAL TIME (Europe/Warsaw)  NOTE
                    1  2026-03-28T02:30+01:00
                    2  2026-03-29T03:30+02:00        02:30 does not exist on 2026-03-29 in Europe/Warsaw (clocks go forward 02:00 → 03:00): runs at 03:30
                    """, c.out().lines().map(String::stripTrailing).collect(java.util.stream.Collectors.joining("\n", "", "\n")));
            Console guarded = new Console(Map.of(), dir);
            assertEquals(0, guarded.execute("schedule", "guarded", "--next", "1", "--from", "2026-03-28T00:00:00Z",
                    "--scheduler", s), guarded.err());
            assertEquals("guarded: 0 3 * * * (Europe/Warsaw), catch-up on (window PT24H), overlap BUFFER_ONE",
                    guarded.out().lines().findFirst().orElseThrow());
            ppacer.testkit.Await.until(Duration.ofSeconds(60),
                    () -> !scheduler.store().scheduleEvents().recent("guarded", 1).isEmpty(), () -> "guarded's first pass");
            Console history = new Console(Map.of(), dir);
            assertEquals(0, history.execute("schedule", "guarded", "--next", "1", "--history", "3", "--scheduler", s),
                    history.err());
            List<String> lines = history.out().lines().toList();
            int at = lines.indexOf("Latest schedule decisions:");
            assertTrue(at > 0, history.out());
            assertTrue(lines.get(at + 1).startsWith("DECIDED AT") && lines.get(at + 1).contains("DECISION"), history.out());
            assertTrue(lines.size() - at - 2 >= 1 && lines.size() - at - 2 <= 3, history.out());
            assertTrue(lines.subList(at + 2, lines.size()).stream().allMatch(l -> l.contains("SKIPPED") || l.contains("REGULAR")
                    || l.contains("CAUGHT_UP")), history.out());
            Console badHistory = new Console(Map.of(), dir);
            assertEquals(2, badHistory.execute("schedule", "guarded", "--history", "-1", "--scheduler", s));
            assertEquals("ppacer schedule: --history must be from 1 to 1000 (or 0: none), was -1", badHistory.err().strip());
            Console dags = new Console(Map.of(), dir);
            assertEquals(0, dags.execute("dags", "--scheduler", s), dags.err());
            assertTrue(dags.out().lines().anyMatch(l -> l.startsWith("guarded ") && l.contains(" yes (window PT24H) ")
                    && l.contains(" BUFFER_ONE ")), dags.out());
            assertTrue(dags.out().lines().anyMatch(l -> l.startsWith("nightly ") && l.contains(" no ")
                    && l.contains(" ALLOW ")), dags.out());
            Console bad = new Console(Map.of(), dir);
            assertEquals(2, bad.execute("schedule", "nosuch", "--scheduler", s));
            assertTrue(bad.err().contains("Unknown DAG 'nosuch'; known DAGs: [nightly, guarded]")
                    || bad.err().contains("Unknown DAG 'nosuch'; known DAGs: [guarded, nightly]"), bad.err());
        }
    }
}
