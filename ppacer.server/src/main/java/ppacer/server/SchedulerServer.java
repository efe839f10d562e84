package ppacer.server;

import java.net.URI;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.server.http.ApiServer;

/**
 * The scheduler's HTTP API on Helidon SE WebServer: the endpoints executors, the command line and
 * the UI use. Start it next to a running {@link Scheduler}; closing it does not stop the scheduler.
 */
public final class SchedulerServer implements AutoCloseable {
    /** Room in a report's body for its fields besides the output. */
    private static final int REPORT_OVERHEAD = 16 * 1024;
    private final ApiServer server;

    private SchedulerServer(ApiServer server) {
        this.server = server;
    }

    /**
     * Starts serving.
     *
     * @param scheduler the scheduler to expose
     * @param config host, port, token and limits
     * @return the running server
     * @throws InvalidInputException when the body limit cannot take a report carrying the largest
     *     output the scheduler accepts
     */
    public static SchedulerServer start(Scheduler scheduler, ServerConfig config) {
        long report = reportBodyBytes(scheduler.config().maxOutputBytes());
        if (report > config.maxBodyBytes()) {
            throw new InvalidInputException("maxBodyBytes " + config.maxBodyBytes() + " is too small for the scheduler's "
                    + "maxOutputBytes " + scheduler.config().maxOutputBytes() + ": a report carrying an output that large "
                    + "(Base64) takes up to " + report + " bytes; raise maxBodyBytes or lower maxOutputBytes");
        }
        return new SchedulerServer(ApiServer.start(scheduler, config));
    }

    /**
     * @param maxOutputBytes the scheduler's output limit
     * @return the body size a report carrying an output that large can take (the output in Base64)
     */
    public static long reportBodyBytes(int maxOutputBytes) {
        return (long) maxOutputBytes * 4 / 3 + REPORT_OVERHEAD;
    }

    /** @return the port actually bound */
    public int port() {
        return server.port();
    }

    /** @return the base URI, e.g. {@code http://127.0.0.1:9321} */
    public URI uri() {
        return server.uri();
    }

    /** Stops serving (the scheduler keeps running). */
    @Override
    public void close() {
        server.close();
    }
}
