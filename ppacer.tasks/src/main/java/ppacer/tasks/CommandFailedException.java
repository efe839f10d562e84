package ppacer.tasks;

import java.io.Serial;
import java.util.List;
import ppacer.api.PpacerException;

/** Thrown by {@link ShellTask} when its command exits with a non-zero code. */
public class CommandFailedException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The command; an array because {@code List} is not a serializable type. */
    private final String[] command;
    /** The process exit code. */
    private final int exitCode;

    /**
     * Creates the exception; its message is {@code Command [sh, -c, exit 3] exited with code 3}.
     *
     * @param command the command that ran
     * @param exitCode its non-zero exit code
     */
    public CommandFailedException(List<String> command, int exitCode) {
        super("Command " + command + " exited with code " + exitCode);
        this.command = command.toArray(String[]::new);
        this.exitCode = exitCode;
    }

    /** @return the command that ran */
    public List<String> command() {
        return List.of(command);
    }

    /** @return the process exit code, never 0 */
    public int exitCode() {
        return exitCode;
    }
}
