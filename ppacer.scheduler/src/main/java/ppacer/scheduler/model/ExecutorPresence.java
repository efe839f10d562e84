package ppacer.scheduler.model;

import java.time.Instant;
import java.util.Optional;

/**
 * An executor as the leading scheduler sees it ({@link ppacer.scheduler.Scheduler#executors()}).
 *
 * @param executorId its id
 * @param firstContact its first contact with this scheduler process
 * @param lastContact its latest poll, report, heartbeat or log batch (now while it polls)
 * @param polling whether it waits in a poll for attempts now
 * @param gone whether it has not been in touch for {@link #GONE_AFTER_SECONDS} seconds
 * @param running how many attempts it holds (RUNNING in the store under its id)
 * @param address the remote address of its latest poll over HTTP (empty for an in-process executor)
 * @param version the ppacer version it sent with its latest poll (empty when it sent none)
 */
public record ExecutorPresence(String executorId, Instant firstContact, Instant lastContact, boolean polling,
                               boolean gone, int running, Optional<String> address, Optional<String> version) {
    /** An executor out of touch this long (seconds) is shown as gone; the same 30 s as the wait reason. */
    public static final int GONE_AFTER_SECONDS = 30;
}
