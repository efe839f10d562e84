package ppacer.scheduler.model;

import java.io.Serial;
import java.util.Optional;

/** A state-changing call reached a scheduler that is not the leader (it is STANDBY). */
public final class NotLeaderException extends SchedulerException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String leaderUrl;

    /**
     * @param message what was refused
     * @param leaderUrl the leader's advertised URL, or null when unknown
     */
    public NotLeaderException(String message, String leaderUrl) {
        super(message);
        this.leaderUrl = leaderUrl;
    }

    /** @return the leader's advertised URL, when known */
    public Optional<String> leaderUrl() {
        return Optional.ofNullable(leaderUrl);
    }
}
