package ppacer.server.http;

import io.helidon.common.socket.SocketOptions;
import java.net.Socket;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Helidon's options for accepted connections, plus a hook that sees each accepted channel: the one
 * place where a connection that never sends a byte can be found (Helidon builds its HTTP connection,
 * and checks it for idleness, only after the first bytes arrive).
 */
final class AcceptedSockets implements SocketOptions {
    private final SocketOptions base;
    private final Consumer<SocketChannel> accepted;

    /**
     * @param base the options applied as before
     * @param accepted called with each accepted channel, after the options are applied
     */
    AcceptedSockets(SocketOptions base, Consumer<SocketChannel> accepted) {
        this.base = base;
        this.accepted = accepted;
    }

    @Override
    public void configureSocket(SocketChannel channel) {
        base.configureSocket(channel);
        accepted.accept(channel);
    }

    @Override
    public void configureSocket(Socket socket) {
        base.configureSocket(socket);
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
        return base.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
        return base.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return base.readTimeout();
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
        return base.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
        return base.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
        return base.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
        return base.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
        return base.tcpNoDelay();
    }
}
