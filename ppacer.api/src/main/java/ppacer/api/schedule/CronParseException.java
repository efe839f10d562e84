package ppacer.api.schedule;

import java.io.Serial;
import ppacer.api.DagDefinitionException;

/**
 * A cron expression does not parse. The message names the expression, the field and the bad value,
 * e.g. {@code Invalid cron '61 * * * *': minute value '61' is outside 0-59}.
 */
public class CronParseException extends DagDefinitionException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message the expression, the field and the bad value */
    public CronParseException(String message) {
        super(message);
    }
}
