package ppacer.tasks;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ppacer.api.PpacerException;
import ppacer.api.TaskCancelledException;
import ppacer.api.TaskContext;
import ppacer.api.TaskLogger;

/**
 * One started process of a {@link ShellTask}: its output pumps, the wait for its exit with
 * cancellation polling, and the killing of its process tree.
 */
final class ProcessRun {
    /** How often {@link TaskContext#isCancelled()} is checked while the process runs. */
    static final Duration POLL = Duration.ofMillis(50);
    /**
     * How long to wait for the output after the process exited. A background process it started
     * may hold the pipes open (as in {@code sleep 60 &}); the task does not wait for that.
     */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private final Process process;
    private final List<String> command;
    private final TaskContext context;
    private final Thread stdout;
    private final Thread stderr;

    private ProcessRun(Process process, List<String> command, TaskContext context) {
        this.process = process;
        this.command = command;
        this.context = context;
        TaskLogger log = context.logger();
        String name = "shell-" + context.taskId() + "-" + process.pid();
        this.stdout = OutputPump.start(name + "-out", process.inputReader(), log::info);
        this.stderr = OutputPump.start(name + "-err", process.errorReader(), log::warn);
    }

    /**
     * Starts the process with an empty standard input and starts reading its output.
     *
     * @throws PpacerException when the program cannot be started
     */
    static ProcessRun start(ProcessBuilder builder, List<String> command, TaskContext context) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // The JDK's message names the program, the directory and the OS error.
            throw new PpacerException("Cannot start command " + command + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close(); // standard input: empty
        } catch (IOException e) {
            context.logger().debug("Closing the standard input of " + command + " failed: " + e.getMessage());
        }
        context.logger().info("Started " + command + " as pid " + process.pid());
        return new ProcessRun(process, command, context);
    }

    /**
     * Waits for the exit and for the output, killing the process tree on cancellation.
     *
     * @throws CommandFailedException when the exit code is not 0
     * @throws TaskCancelledException when the attempt was cancelled or the thread interrupted
     */
    void await() {
        try {
            while (!process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                if (context.isCancelled()) {
                    throw cancelled("the attempt was cancelled");
                }
            }
            if (!stdout.join(OUTPUT_GRACE) || !stderr.join(OUTPUT_GRACE)) {
                context.logger().warn("Command " + command + " exited but its output is still open after "
                        + OUTPUT_GRACE.toSeconds() + " s (a background process holds it); not waiting for the rest");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled("the task thread was interrupted");
        }
        int code = process.exitValue();
        if (code != 0) {
            throw new CommandFailedException(command, code);
        }
        context.logger().info("Command " + command + " exited with code 0");
    }

    private TaskCancelledException cancelled(String why) {
        List<ProcessHandle> killed = killTree();
        // Keep the last lines the tree wrote before it died.
        boolean interrupted = Thread.interrupted();
        try {
            stdout.join(POLL);
            stderr.join(POLL);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        String message = "Command " + command + " (pid " + process.pid() + ") killed with " + killed.size()
                + " descendant process(es): " + why;
        context.logger().warn(message);
        return new TaskCancelledException(message);
    }

    /**
     * Kills the descendants first (their list is only known while the process lives), then the
     * process itself.
     *
     * @return the descendants that were asked to die
     */
    private List<ProcessHandle> killTree() {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return descendants;
    }
}
