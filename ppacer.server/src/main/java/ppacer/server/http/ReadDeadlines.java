package ppacer.server.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Closes a connection that does not deliver a request in time: a new connection must send its first
 * line within the idle timeout; a request its headers within the read timeout from the end of its
 * first line, and then its body within the read timeout of the handler starting to read it.
 * Helidon 4 applies no read timeout to server connections (its {@code read-timeout} socket option
 * is for clients) and its idle-connection check only sees connections that sent a first byte and
 * only interrupts one waiting for a request line; this closes the others. Waiting for a long poll
 * is not reading, so it is not bounded here.
 *
 * <p>Registered as an HTTP/1 receive listener: Helidon calls {@link #prologue} on the connection's
 * thread after the first line, {@link #headers} after the headers; the request handler then runs
 * on that same thread, where {@link #readingBody} finds the connection.
 */
final class ReadDeadlines implements Http1ConnectionListener, AutoCloseable {
    private static final Logger LOG = System.getLogger(ReadDeadlines.class.getName());

    private final long timeoutNanos;
    private final long firstRequestNanos;
    /** Accepted connections that have not sent a first line yet, by remote address. */
    private final Map<SocketAddress, Accepted> awaitingFirst = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final Map<ConnectionContext, Armed> armed = new ConcurrentHashMap<>();
    /** The connection (and its server's deadlines) of the request handled on this thread. */
    private static final ThreadLocal<Bound> CURRENT = new ThreadLocal<>();
    private final ScheduledExecutorService sweeper;

    private record Armed(long deadline, String what) {
    }

    private record Accepted(long deadline, SocketChannel channel) {
    }

    private record Bound(ReadDeadlines deadlines, ConnectionContext ctx) {
    }

    /**
     * @param timeout the read timeout
     * @param firstRequest how long a new connection may stay silent
     * @param nanoTime the monotonic clock ({@link System#nanoTime()} outside tests)
     */
    ReadDeadlines(Duration timeout, Duration firstRequest, LongSupplier nanoTime) {
        this.timeoutNanos = timeout.toNanos();
        this.firstRequestNanos = firstRequest.toNanos();
        this.nanoTime = nanoTime;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ppacer-http-read-deadlines");
            t.setDaemon(true);
            return t;
        });
        long period = Math.clamp(Math.min(timeout.toMillis(), firstRequest.toMillis()) / 4, 5, 1000);
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * @param channel a connection just accepted
     */
    void accepted(SocketChannel channel) {
        try {
            SocketAddress peer = channel.getRemoteAddress();
            if (peer != null) {
                awaitingFirst.put(peer, new Accepted(nanoTime.getAsLong() + firstRequestNanos, channel));
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "Accepted connection already closed: " + e);
        }
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        awaitingFirst.remove(ctx.remotePeer().address());
        CURRENT.set(new Bound(this, ctx));
        armed.put(ctx, new Armed(nanoTime.getAsLong() + timeoutNanos, "headers of " + prologue.method().text()
                + " " + HttpProblem.shown(prologue.uriPath().path())));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        armed.remove(ctx);
    }

    /**
     * Reads a request body on the handler's thread within the read timeout; past it the connection
     * is closed, which ends the read with an exception.
     *
     * @param read the read
     * @param <T> what it returns
     * @return what it read
     */
    static <T> T readingBody(Supplier<T> read) {
        Bound b = CURRENT.get();
        if (b == null) {
            return read.get(); // not on an HTTP/1 connection's thread: no deadline
        }
        Armed a = new Armed(b.deadlines().nanoTime.getAsLong() + b.deadlines().timeoutNanos, "request body");
        b.deadlines().armed.put(b.ctx(), a);
        try {
            return read.get();
        } finally {
            b.deadlines().armed.remove(b.ctx(), a);
        }
    }

    private void sweep() {
        long now = nanoTime.getAsLong();
        awaitingFirst.forEach((peer, a) -> {
            if (!a.channel().isOpen()) {
                awaitingFirst.remove(peer, a);
            } else if (now - a.deadline() >= 0 && awaitingFirst.remove(peer, a)) {
                LOG.log(Level.DEBUG, () -> "Closing connection from " + peer + ": no request within "
                        + Duration.ofNanos(firstRequestNanos));
                quietly(a.channel()::close);
            }
        });
        armed.forEach((ctx, a) -> {
            if (now - a.deadline() >= 0 && armed.remove(ctx, a)) {
                LOG.log(Level.DEBUG, () -> "Closing connection from " + ctx.remotePeer().address() + ": no complete "
                        + a.what() + " within " + Duration.ofNanos(timeoutNanos));
                quietly(() -> ctx.serverSocket().close());
            }
        });
    }

    private interface Closing {
        void close() throws IOException;
    }

    /** Closes; a connection that is closed already (or fails to close) is simply gone. */
    private static void quietly(Closing c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "Closing a late connection: " + e);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        armed.clear();
        awaitingFirst.clear();
    }
}
