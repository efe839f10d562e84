package ppacer.server.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.exec.client.SchedulerClientException;
import ppacer.scheduler.Scheduler;
import ppacer.testkit.Await;

/**
 * Scheduler high availability with real processes: three scheduler JVMs and two executor JVMs on
 * PostgreSQL (and MariaDB), a DAG workload running while the leader is SIGKILLed again and again; a
 * SIGSTOPped leader deposed and resumed. Every run completes and every task succeeds exactly once.
 */
class FailoverTest {
    @TempDir
    Path dir;

    /** Triggers a run every 400 ms on whichever scheduler accepts (standbys answer 503). */
    private static final class Workload {
        final AtomicInteger triggered = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;

        Workload(HaCluster cluster) {
            thread = Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    for (HaCluster.Slot s : cluster.slots) {
                        try {
                            cluster.client(s).trigger(HaDags.DAG, Map.of());
                            triggered.incrementAndGet();
                            break;
                        } catch (SchedulerClientException e) {
                            // standby, dead or restarting: try the next one
                        }
                    }
                    try {
                        Thread.sleep(400); // the workload's pace, not synchronisation
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }

    private static List<String> journalLines(HaCluster c, String key) {
        try {
            return Files.readAllLines(c.journal).stream().filter(l -> {
                String[] p = l.split(" ");
                return (p[2] + "/" + p[3]).equals(key);
            }).toList();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    private static void awaitAllRunsDoneAndCheck(HaCluster c, int triggered) {
        Await.until(Duration.ofSeconds(90), () -> c.count("SELECT COUNT(*) FROM dag_runs WHERE status NOT IN ('SUCCESS', 'FAILED')") == 0
                        && c.count("SELECT COUNT(*) FROM dag_runs") >= triggered,
                () -> "unfinished runs: " + c.query("SELECT run_id, status FROM dag_runs WHERE status NOT IN ('SUCCESS',"
                        + " 'FAILED')", rs -> rs.getLong(1) + " " + rs.getString(2)) + c.allLogs());
        long runs = c.count("SELECT COUNT(*) FROM dag_runs");
        assertEquals(runs, c.count("SELECT COUNT(*) FROM dag_runs WHERE status = 'SUCCESS'"), "every run succeeded");
        List<String> twice = c.query("SELECT run_id, task_id, COUNT(*) FROM task_attempts WHERE status = 'SUCCESS' "
                + "GROUP BY run_id, task_id HAVING COUNT(*) <> 1", rs -> rs.getLong(1) + "/" + rs.getString(2));
        assertEquals(List.of(), twice, "tasks with other than one successful attempt");
        assertEquals(runs * HaDags.TASKS, c.count("SELECT COUNT(*) FROM task_attempts WHERE status = 'SUCCESS'"),
                "every task of every run has its successful attempt");
        // and no task body ran to success twice across the executor processes
        Map<String, Integer> ends = new HashMap<>();
        try {
            for (String l : Files.readAllLines(c.journal)) {
                String[] p = l.split(" ");
                ends.merge(p[2] + "/" + p[3], 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        ends.forEach((k, v) -> assertEquals(1, v, () -> "task " + k + " ran to success " + v + " times; attempts: "
                + c.query("SELECT attempt, status, executor_id, error FROM task_attempts WHERE run_id = "
                        + k.substring(0, k.indexOf('/')) + " AND task_id = '" + k.substring(k.indexOf('/') + 1) + "'",
                        rs -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4))
                + "\njournal: " + journalLines(c, k) + "\n" + c.allLogs()));
        assertEquals(runs * HaDags.TASKS, ends.size());
    }

    /**
     * Kills the leader {@code kills} times; returns the delays from each kill to the first task
     * handed out by the new leader.
     */
    private List<Duration> failover(boolean postgres, int kills) throws Exception {
        List<Duration> delays = new ArrayList<>();
        try (HaCluster c = new HaCluster(postgres, dir)) {
            c.addScheduler("s1");
            c.addScheduler("s2");
            c.addScheduler("s3");
            c.addExecutor("e1");
            c.addExecutor("e2");
            Workload w = new Workload(c);
            try {
                Await.until(HaCluster.WAIT, () -> c.count("SELECT COUNT(*) FROM dag_runs WHERE status = 'SUCCESS'") >= 2,
                        c::allLogs);
                for (int k = 1; k <= kills; k++) {
                    HaCluster.LeaseRow before = c.lease();
                    HaCluster.Slot leader = c.byNode.get(before.leaderId());
                    Instant killedAt = Instant.now();
                    leader.process.destroyForcibly(); // SIGKILL
                    leader.process.onExit().join();
                    Await.until(HaCluster.WAIT, () -> c.lease().epoch() > before.epoch()
                            && !c.lease().leaderId().equals(before.leaderId()), () -> "takeover after kill of "
                            + before + ": " + c.lease() + c.allLogs());
                    long killMicros = micros(killedAt);
                    Await.until(HaCluster.WAIT, () -> c.firstStartAfter(killMicros).isPresent(),
                            () -> "a hand-out by the new leader " + c.lease() + c.allLogs());
                    Duration d = Duration.ofNanos((c.firstStartAfter(killMicros).orElseThrow() - killMicros) * 1000);
                    delays.add(d);
                    System.out.println("kill " + k + ": " + before + " -> " + c.lease() + ", first hand-out after " + d);
                    c.start(leader); // three schedulers stay up
                }
            } finally {
                w.close();
            }
            awaitAllRunsDoneAndCheck(c, 0);
            assertTrue(c.count("SELECT COUNT(*) FROM dag_runs") > kills, "runs went on through the kills");
        }
        return delays;
    }

    private static String summary(List<Duration> delays) {
        List<Long> ms = delays.stream().map(Duration::toMillis).sorted().toList();
        long median = ms.size() % 2 == 1 ? ms.get(ms.size() / 2) : (ms.get(ms.size() / 2 - 1) + ms.get(ms.size() / 2)) / 2;
        return "kill -> first hand-out by the new leader over " + ms.size() + " kills: median " + median + " ms, max "
                + ms.getLast() + " ms, all " + ms;
    }

    @Test
    void ten_leader_kills_on_postgresql_lose_no_task_and_run_none_twice() throws Exception {
        List<Duration> delays = failover(true, 10);
        String s = summary(delays);
        System.out.println("PostgreSQL " + s);
        Files.writeString(Path.of("target", "ha-takeover-postgresql.txt"), s + "\n");
        assertEquals(10, delays.size());
    }

    @Test
    void leader_kills_on_mariadb_lose_no_task_and_run_none_twice() throws Exception {
        List<Duration> delays = failover(false, 3);
        String s = summary(delays);
        System.out.println("MariaDB " + s);
        Files.writeString(Path.of("target", "ha-takeover-mariadb.txt"), s + "\n");
    }

    @Test
    void a_frozen_leader_is_deposed_and_steps_down_when_resumed() throws Exception {
        try (HaCluster c = new HaCluster(true, dir)) {
            c.addScheduler("s1");
            c.addScheduler("s2");
            c.addExecutor("e1");
            HaCluster.Slot frozen;
            HaCluster.LeaseRow before;
            Workload w = new Workload(c);
            try {
                Await.until(HaCluster.WAIT, () -> c.count("SELECT COUNT(*) FROM dag_runs WHERE status = 'SUCCESS'") >= 2,
                        c::allLogs);
                before = c.lease();
                frozen = c.byNode.get(before.leaderId());
                c.signal(frozen.process, "STOP");
                long stoppedAt = micros(Instant.now());
                Await.until(HaCluster.WAIT, () -> c.lease().epoch() > before.epoch(), () -> "takeover " + c.lease());
                Await.until(HaCluster.WAIT, () -> c.firstStartAfter(stoppedAt).isPresent(), c::allLogs);
                c.signal(frozen.process, "CONT");
                Await.until(HaCluster.WAIT, () -> {
                    try {
                        return c.client(frozen).getJson("/state").contains("\"role\":\"standby\"");
                    } catch (SchedulerClientException e) {
                        return false;
                    }
                }, () -> "the resumed leader stepping down" + c.log(frozen.nodeId));
                String state = c.client(frozen).getJson("/state");
                assertTrue(state.contains("\"state\":\"STANDBY\""), state);
                // it answers executors and mutating calls as a standby, naming the new leader
                SchedulerClientException e = org.junit.jupiter.api.Assertions.assertThrows(SchedulerClientException.class,
                        () -> c.client(frozen).trigger(HaDags.DAG, Map.of()));
                assertEquals(503, e.status());
                assertTrue(e.notLeader() && e.leader().isPresent(), e.getMessage() + " leader " + e.leader());
                String log = c.log(frozen.nodeId);
                assertTrue(log.contains("stepped down to STANDBY"), log);
                long refused = log.lines().filter(l -> l.contains("Write refused by")).count();
                // whether the freeze caught it inside a write transaction (then the standby ended its sessions)
                boolean ended = c.log(c.lease().leaderId()).contains("ended database session");
                System.out.println("frozen leader " + before + ": stale writes refused after SIGCONT: " + refused
                        + "; sessions of the frozen leader ended by the takeover: " + ended + "; "
                        + log.lines().filter(l -> l.contains("stepped down")).findFirst().orElse(""));
                assertTrue(c.client(frozen).getJson("/metrics").contains("ppacer_leader 0"));
            } finally {
                w.close();
            }
            awaitAllRunsDoneAndCheck(c, 0);
            assertEquals(before.epoch() + 1, c.lease().epoch(), "one takeover");
        }
    }
}
