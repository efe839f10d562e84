package ppacer.scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the scheduler's HTTP server.
 *
 * @param host the address to bind; default {@code 127.0.0.1} (loopback only)
 * @param port the port; default 9321, 0 for any free port
 * @param token the bearer token required on executor endpoints and every mutating call; none by default
 * @param protectReads whether read-only endpoints require the token too (default false)
 * @param maxBodyBytes the largest request body accepted (413 above); default 1 MiB
 * @param maxWait the longest long-poll wait a client may ask for; default 30 s
 */
public record ServerConfig(String host, int port, Optional<String> token, boolean protectReads, long maxBodyBytes,
                           Duration maxWait) {
    /** Default port. */
    public static final int DEFAULT_PORT = 9321;

    /** Validates. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(maxWait, "maxWait");
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("port must be between 0 and 65535, was " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new InvalidInputException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
        }
    }

    /** @return loopback, port 9321, no token, 1 MiB bodies, 30 s long polls */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, Optional.empty(), false, 1 << 20, Duration.ofSeconds(30));
    }

    /**
     * @param value the port
     * @return a copy with that port
     */
    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, token, protectReads, maxBodyBytes, maxWait);
    }

    /**
     * @param value the host to bind
     * @return a copy with that host
     */
    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, token, protectReads, maxBodyBytes, maxWait);
    }

    /**
     * @param value the bearer token, or empty for none
     * @param reads whether reads need it too
     * @return a copy with that token
     */
    public ServerConfig withToken(Optional<String> value, boolean reads) {
        return new ServerConfig(host, port, value, reads, maxBodyBytes, maxWait);
    }

    /**
     * @param value the body limit in bytes
     * @return a copy with that limit
     */
    public ServerConfig withMaxBodyBytes(long value) {
        return new ServerConfig(host, port, token, protectReads, value, maxWait);
    }

    @Override
    public String toString() {
        return "ServerConfig[" + host + ":" + port + ", token=" + (token.isPresent() ? "***" : "none") + ", protectReads="
                + protectReads + ", maxBodyBytes=" + maxBodyBytes + ", maxWait=" + maxWait + "]";
    }
}
