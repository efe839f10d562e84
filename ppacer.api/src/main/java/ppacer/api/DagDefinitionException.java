package ppacer.api;

import java.io.Serial;

/** A DAG, task or schedule definition is invalid: a cycle, a duplicate id, a bad cron string... */
public class DagDefinitionException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the DAG and the offending values
     */
    public DagDefinitionException(String message) {
        super(message);
    }
}
