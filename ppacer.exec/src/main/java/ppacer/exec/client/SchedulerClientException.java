package ppacer.exec.client;

import java.io.Serial;
import java.util.Optional;
import ppacer.api.PpacerException;

/**
 * A call to the scheduler failed: it could not be reached (status 0), or it answered with an
 * error status and body.
 */
public class SchedulerClientException extends PpacerException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;
    private final String leader;

    /**
     * @param message what failed, with the method, URL and answer
     * @param status the HTTP status, 0 when the scheduler was not reached
     * @param field the request field the scheduler blamed, or null
     * @param cause the I/O failure, or null
     */
    public SchedulerClientException(String message, int status, String field, Throwable cause) {
        this(message, status, field, null, cause);
    }

    /**
     * @param message what failed, with the method, URL and answer
     * @param status the HTTP status, 0 when the scheduler was not reached
     * @param field the request field the scheduler blamed, or null
     * @param leader the leader's URL named by a standby's 503 "not the leader", or null
     * @param cause the I/O failure, or null
     */
    public SchedulerClientException(String message, int status, String field, String leader, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.field = field;
        this.leader = leader;
    }

    /** @return true when a standby scheduler answered (503 "not the leader") */
    public boolean notLeader() {
        return status == 503 && getMessage() != null && getMessage().contains("not the leader");
    }

    /** @return the leader's URL, when a standby named it */
    public Optional<String> leader() {
        return Optional.ofNullable(leader).filter(s -> !s.isBlank());
    }

    /** @return the HTTP status, 0 when the scheduler was not reached */
    public int status() {
        return status;
    }

    /** @return the request field the scheduler blamed */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** @return true when retrying later may succeed: not reached, 429, 5xx, or 503 "not the leader" */
    public boolean isTransient() {
        return status == 0 || status == 429 || status >= 500;
    }

    /** @return true for 409: the attempt is no longer current (stale or duplicate report) */
    public boolean isConflict() {
        return status == 409;
    }
}
