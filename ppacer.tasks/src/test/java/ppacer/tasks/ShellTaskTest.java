package ppacer.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.PpacerException;
import ppacer.api.TaskCancelledException;
import ppacer.testkit.Await;
import ppacer.testkit.RecordingContext;

class ShellTaskTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The process's own output, without the task's "Started ..." and "Command ... exited" lines. */
    private static List<String> output(RecordingContext ctx, Level level) {
        return ctx.messages(level).stream()
                .filter(m -> !m.startsWith("Started [") && !m.startsWith("Command ["))
                .toList();
    }

    @Test
    void stdout_goes_to_info_and_stderr_to_warning_each_in_order() {
        RecordingContext ctx = new RecordingContext();
        ShellTask.sh("out", "echo one; echo two >&2; echo three; echo four >&2; printf 'no newline'").execute(ctx);
        assertEquals(List.of("one", "three", "no newline"), output(ctx, Level.INFO));
        assertEquals(List.of("two", "four"), output(ctx, Level.WARNING));
        assertTrue(ctx.messages(Level.INFO).getLast().equals("Command [/bin/sh, -c, echo one; echo two >&2; echo three;"
                + " echo four >&2; printf 'no newline'] exited with code 0"), ctx.lines()::toString);
    }

    @Test
    void non_zero_exit_fails_naming_the_command_and_the_code() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> ShellTask.of("fail", "sh", "-c", "exit 3").execute(new RecordingContext()));
        assertEquals("Command [sh, -c, exit 3] exited with code 3", e.getMessage());
        assertEquals(3, e.exitCode());
        assertEquals(List.of("sh", "-c", "exit 3"), e.command());
    }

    @Test
    void runs_in_the_working_dir_with_extra_and_context_environment(@TempDir Path dir) throws Exception {
        RecordingContext ctx = new RecordingContext(1, "{\"day\":\"2026-01-01\"}");
        ShellTask.sh("env", "pwd; echo \"$GREETING\"; echo \"$PPACER_PARAMS_JSON\"; "
                        + "echo \"$PPACER_DAG_ID $PPACER_TASK_ID $PPACER_RUN_ID $PPACER_ATTEMPT $PPACER_LOGICAL_TIME\"")
                .withWorkingDir(dir)
                .withEnv("GREETING", "hello there")
                .execute(ctx);
        assertEquals(List.of(dir.toRealPath().toString(), "hello there", "{\"day\":\"2026-01-01\"}",
                "test_dag test_task 42 1 2026-01-01T00:00:00Z"), output(ctx, Level.INFO));
    }

    @Test
    void a_traced_attempt_passes_its_traceparent_as_TRACEPARENT_and_an_untraced_one_none() {
        String tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        RecordingContext traced = new RecordingContext().withTraceparent(tp);
        ShellTask.sh("env", "echo \"[${TRACEPARENT-unset}]\"").execute(traced);
        assertEquals(List.of("[" + tp + "]"), output(traced, Level.INFO));
        RecordingContext untraced = new RecordingContext();
        ShellTask.sh("env", "echo \"[${TRACEPARENT-unset}]\"").execute(untraced);
        assertEquals(List.of("[unset]"), output(untraced, Level.INFO));
    }

    @Test
    void extra_environment_wins_over_the_context_variables() {
        RecordingContext ctx = new RecordingContext();
        ShellTask.sh("env", "echo \"$PPACER_PARAMS_JSON\"").withEnv("PPACER_PARAMS_JSON", "mine").execute(ctx);
        assertEquals(List.of("mine"), output(ctx, Level.INFO));
    }

    @Test
    void arguments_reach_the_program_verbatim_without_a_shell() {
        RecordingContext ctx = new RecordingContext();
        ShellTask.of("literal", "echo", "$HOME; echo injected", "*").execute(ctx);
        assertEquals(List.of("$HOME; echo injected *"), output(ctx, Level.INFO));
    }

    @Test
    void a_missing_program_fails_naming_the_command() {
        PpacerException e = assertThrows(PpacerException.class,
                () -> ShellTask.of("missing", "/no/such/program-ppacer", "x").execute(new RecordingContext()));
        assertTrue(e.getMessage().startsWith("Cannot start command [/no/such/program-ppacer, x]: "), e.getMessage());
    }

    @Test
    void an_empty_command_is_refused() {
        PpacerException e = assertThrows(PpacerException.class, () -> ShellTask.of("empty", List.of()));
        assertEquals("ShellTask 'empty': the command is empty; give at least a program", e.getMessage());
    }

    @Test
    void cancellation_kills_the_process_and_its_children() throws Exception {
        RecordingContext ctx = new RecordingContext();
        CompletableFuture<Void> run = CompletableFuture.runAsync(
                () -> ShellTask.sh("tree", "echo shell $$; sleep 600 & sleep 600; wait").execute(ctx));
        List<ProcessHandle> tree = startedTree(ctx);

        ctx.cancel();

        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(TaskCancelledException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("killed with 2 descendant process(es): the attempt was cancelled"),
                e.getCause().getMessage());
        assertAllDead(tree);
    }

    @Test
    void an_interrupt_kills_the_process_tree_and_keeps_the_interrupt_flag() throws Exception {
        RecordingContext ctx = new RecordingContext();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread worker = Thread.ofVirtual().start(() -> {
            try {
                ShellTask.sh("tree", "echo shell $$; sleep 600 & sleep 600; wait").execute(ctx);
                thrown.complete(null);
            } catch (RuntimeException e) {
                flagKept.set(Thread.currentThread().isInterrupted());
                thrown.complete(e);
            }
        });
        List<ProcessHandle> tree = startedTree(ctx);

        worker.interrupt();

        assertInstanceOf(TaskCancelledException.class, thrown.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(flagKept.get(), "the interrupt flag is set again");
        assertAllDead(tree);
    }

    @Test
    void a_background_process_holding_the_output_does_not_hold_the_task() throws Exception {
        RecordingContext ctx = new RecordingContext();
        CompletableFuture<Void> run = CompletableFuture.runAsync(
                () -> ShellTask.sh("bg", "sleep 600 & echo bg $!").execute(ctx));
        try {
            run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            ctx.messages(Level.INFO).stream().filter(m -> m.startsWith("bg ")).findFirst()
                    .flatMap(m -> ProcessHandle.of(Long.parseLong(m.substring(3))))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
        assertTrue(ctx.messages(Level.INFO).stream().anyMatch(m -> m.startsWith("bg ")), ctx.lines()::toString);
        // Whether the reader saw the end of the pipe or gave up after the grace (and warned) depends
        // on a race inside the JDK; either way the task has returned.
    }

    /** Waits for the shell's pid line and for its two sleep children; returns shell + children. */
    private static List<ProcessHandle> startedTree(RecordingContext ctx) throws InterruptedException {
        String line = ctx.awaitLine(m -> m.startsWith("shell "), WAIT).message();
        ProcessHandle shell = ProcessHandle.of(Long.parseLong(line.substring(6))).orElseThrow();
        Await.until(WAIT, () -> shell.descendants().count() >= 2,
                () -> "children of the shell: " + shell.descendants().toList());
        List<ProcessHandle> children = shell.descendants().toList();
        assertEquals(2, children.size(), () -> "children of the shell: " + shell.descendants().toList());
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(shell), children.stream()).toList();
    }

    private static void assertAllDead(List<ProcessHandle> tree) throws Exception {
        for (ProcessHandle p : tree) {
            p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertFalse(p.isAlive(), () -> "process " + p.pid() + " still alive");
        }
    }
}
