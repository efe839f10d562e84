package ppacer.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
     * @throws AddressInUseException when the address cannot be bound (see {@link #requireBindable})
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
        ApiServer server = ApiServer.start(scheduler, config);
        if (server.port() < 0) { // Helidon logs a bind failure and runs without a listener
            server.close();
            throw inUse(config, null);
        }
        return new SchedulerServer(server);
    }

    /**
     * Checks, before anything else starts, that the API's address can be bound: binds it (as the
     * server will, with address reuse) and lets it go at once. Port 0 (any free port) always can.
     *
     * @param config host and port
     * @throws AddressInUseException when the port is taken or the host is not an address of this machine
     */
    public static void requireBindable(ServerConfig config) {
        if (config.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (BindException e) {
            throw inUse(config, e);
        } catch (IOException | SecurityException e) {
            throw new AddressInUseException(config.host(), config.port(), false, "Cannot listen on " + config.host() + " port "
                    + config.port() + ": " + e.getMessage(), e);
        }
    }

    static AddressInUseException inUse(ServerConfig config, Exception cause) {
        String why = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        if (why.isEmpty() || why.contains("in use")) {
            return new AddressInUseException(config.host(), config.port(), true, "Port " + config.port() + " on " + config.host()
                    + " is in use", cause);
        }
        return new AddressInUseException(config.host(), config.port(), false, "Cannot listen on " + config.host() + " port "
                + config.port() + ": " + why, cause);
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
