package ppacer.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.TaskToExec;
import ppacer.exec.client.SchedulerClient;
import ppacer.testkit.Await;

/**
 * Issue 20 (Argo #8684 deadlocked after a controller restart): a scheduler process killed with
 * SIGKILL while a remote executor holds both slots of a pool. The restarted scheduler counts the
 * RUNNING attempts in the store as the pool's holders (no slot leaked, none handed out twice); when
 * the executor reports to it, the slots come back and the queued task of the pool runs.
 */
class PoolCrashTest {
    private static final Duration WAIT = ChildJvms.WAIT;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ChildJvms children;

    @BeforeEach
    void children() {
        children = new ChildJvms(dir);
    }

    @AfterEach
    void stop() {
        children.close();
    }

    private SchedulerClient start(String name) throws IOException {
        return children.start(name, PoolSchedulerMain.class, dir.resolve("pool.db").toString());
    }

    private static JsonNode pool(SchedulerClient c) throws IOException {
        return JSON.readTree(c.getJson("/pools/warehouse"));
    }

    private static Set<String> holders(JsonNode pool) {
        Set<String> out = new TreeSet<>();
        pool.path("holders").forEach(h -> out.add(h.path("taskId").asText() + "#" + h.path("attempt").asInt()));
        return out;
    }

    private static String runStatus(SchedulerClient c, long runId) {
        try {
            return JSON.readTree(c.getJson("/dagruns/" + runId)).path("status").asText();
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    private static void succeed(SchedulerClient c, TaskToExec t) {
        c.update(new DagRunTaskStatus(t.dagId(), t.execTs(), t.taskId(), t.retry(), "SUCCESS", null, t.runId(), t.token(),
                "remote-1"));
    }

    @Test
    void after_a_scheduler_kill_the_running_attempts_hold_the_pool_and_the_queued_task_runs_after_them() throws Exception {
        SchedulerClient first = start("first");
        Process firstProcess = children.last();
        long runId = first.trigger("pooled", Map.of()).runId();
        List<TaskToExec> held = new ArrayList<>();
        Await.until(WAIT, () -> {
            held.addAll(first.pop("remote-1", Duration.ofMillis(200), 10));
            return held.size() >= 2;
        }, held::toString);
        assertEquals(2, held.size(), "a 2-slot pool hands out two of the three tasks");
        assertEquals(List.of(), first.pop("remote-1", Duration.ZERO, 10), "the pool is full");
        Set<String> keys = new TreeSet<>();
        held.forEach(t -> keys.add(t.taskId() + "#" + t.retry()));
        assertEquals(keys, holders(pool(first)));
        firstProcess.destroyForcibly(); // SIGKILL: nothing written on the way out
        firstProcess.waitFor();

        SchedulerClient second = start("second");
        JsonNode recovered = pool(second);
        assertEquals(2, recovered.path("used").asInt(), recovered.toString());
        assertEquals(keys, holders(recovered), "the RUNNING attempts in the store are the holders");
        assertEquals(1, recovered.path("waiting").asInt(), recovered.toString());
        assertEquals(List.of(), second.pop("remote-1", Duration.ofMillis(300), 10), "no slot is free after the restart");

        succeed(second, held.getFirst()); // the remote executor reaches the new scheduler: one slot back
        List<TaskToExec> third = Await.value(WAIT, () -> {
            List<TaskToExec> got = second.pop("remote-1", Duration.ofMillis(200), 10);
            return got.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(got);
        }, () -> "the queued pool task after a slot came back");
        assertEquals(1, third.size(), third.toString());
        assertEquals(2, pool(second).path("used").asInt());
        succeed(second, held.get(1));
        succeed(second, third.getFirst());
        Await.until(WAIT, () -> runStatus(second, runId).equals("SUCCESS"), () -> runStatus(second, runId));
        JsonNode after = pool(second);
        assertEquals(0, after.path("used").asInt(), after.toString());
        assertEquals(0, after.path("waiting").asInt(), after.toString());
    }
}
