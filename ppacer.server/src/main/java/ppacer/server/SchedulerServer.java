package ppacer.server;

import java.net.URI;
import ppacer.scheduler.Scheduler;
import ppacer.server.http.ApiServer;

/**
 * The scheduler's HTTP API on Helidon SE WebServer: the endpoints executors, the command line and
 * the UI use. Start it next to a running {@link Scheduler}; closing it does not stop the scheduler.
 */
public final class SchedulerServer implements AutoCloseable {
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
     */
    public static SchedulerServer start(Scheduler scheduler, ServerConfig config) {
        return new SchedulerServer(ApiServer.start(scheduler, config));
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
