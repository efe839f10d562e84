package ppacer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ppacer executor} refused by its scheduler (no token, a wrong one) exits 2 instead of retrying forever. */
class ExecutorRefusalTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void an_executor_without_or_with_a_wrong_token_exits_2_with_the_reason() throws Exception {
        Console scheduler = new Console(Map.of(), dir);
        CompletableFuture<Integer> schedulerExit = async(() -> scheduler.execute("scheduler", "--port", "0",
                "--db", "jdbc:sqlite:" + dir.resolve("ppacer.db"), "--token", "right"));
        String s = scheduler.awaitServing(Duration.ofSeconds(60)).toString();
        try {
            for (Map<String, String> env : java.util.List.of(Map.of("PPACER_SCHEDULER", s),
                    Map.of("PPACER_SCHEDULER", s, "PPACER_TOKEN", "wrong"))) {
                Console executor = new Console(env, dir);
                CompletableFuture<Integer> exit = async(() -> executor.execute("executor", "--executor-id", "refused"));
                int code;
                try {
                    code = exit.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    executor.stop();
                    throw new AssertionError("the executor kept retrying: " + executor.out() + executor.err(), e);
                }
                assertEquals(2, code, executor.out() + executor.err());
                assertTrue(executor.err().contains("the scheduler refused this executor") && executor.err().contains("401")
                        && executor.err().contains("--token"), executor.err());
                assertTrue(executor.out().contains("ppacer executor stopped"), executor.out());
            }
        } finally {
            scheduler.stop();
        }
        assertEquals(0, schedulerExit.get(60, TimeUnit.SECONDS), scheduler.err());
    }

    private static CompletableFuture<Integer> async(java.util.function.Supplier<Integer> command) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(command.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }
}
