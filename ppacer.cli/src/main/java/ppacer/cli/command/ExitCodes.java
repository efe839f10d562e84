package ppacer.cli.command;

/**
 * Exit codes of every command: 0 done (for {@code trigger --wait}, {@code restart --wait},
 * {@code test} and {@code logs --follow}: the run or attempt ended SUCCESS), 1 the run or attempt
 * ended otherwise (FAILED), 2 a usage or configuration error or a failed call (scheduler
 * unreachable, unknown DAG, store not found).
 */
public final class ExitCodes {
    /** Done; the awaited run or attempt succeeded. */
    public static final int OK = 0;
    /** The awaited run or attempt did not succeed. */
    public static final int FAILED = 1;
    /** Usage or configuration error, or a failed call. */
    public static final int ERROR = 2;

    private ExitCodes() {
    }
}
