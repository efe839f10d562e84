package ppacer.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import ppacer.exec.bundle.BundleDeployer;
import ppacer.scheduler.model.InvalidInputException;

/**
 * Settings of the scheduler's HTTP server.
 *
 * @param host the address to bind; default {@code 127.0.0.1} (loopback only)
 * @param port the port; default 9321, 0 for any free port
 * @param token the bearer token required on executor endpoints and every mutating call, an admin key
 *     named {@code token} beside the API keys of the store; none by default
 * @param protectReads whether read-only endpoints require the token too (default false)
 * @param maxBodyBytes the largest request body accepted (413 above); default 1 MiB
 * @param maxWait the longest long-poll wait a client may ask for; default 30 s
 * @param limits connection limits and timeouts; {@link Limits#defaults()} by default
 * @param metricsRefresh how long {@code /metrics} answers with the runs and attempts by status it
 *     last read from the store before it reads them again; default 15 s, zero reads on every scrape
 * @param auth API key checking: failures allowed per address and minute, how long a key read from
 *     the store is used; {@link Auth#defaults()} by default
 * @param bundleApi the DAG bundle deployer the {@code /bundles} endpoints use; none by default (they
 *     answer that this scheduler takes no deploys)
 */
public record ServerConfig(String host, int port, Optional<String> token, boolean protectReads, long maxBodyBytes,
                           Duration maxWait, Limits limits, Duration metricsRefresh, Auth auth, Optional<BundleApi> bundleApi) {
    /** Default {@link #metricsRefresh()}. */
    public static final Duration DEFAULT_METRICS_REFRESH = Duration.ofSeconds(15);

    /** Default port. */
    public static final int DEFAULT_PORT = 9321;

    /** Validates. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metricsRefresh, "metricsRefresh");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(bundleApi, "bundleApi");
        if (metricsRefresh.isNegative()) {
            throw new InvalidInputException("metricsRefresh must not be negative, was " + metricsRefresh);
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("port must be between 0 and 65535, was " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new InvalidInputException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
        }
    }

    /** @return loopback, port 9321, no token, 1 MiB bodies, 30 s long polls, store counts refreshed every 15 s */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, Optional.empty(), false, 1 << 20, Duration.ofSeconds(30),
                Limits.defaults(), DEFAULT_METRICS_REFRESH, Auth.defaults(), Optional.empty());
    }

    /**
     * @param value the port
     * @return a copy with that port
     */
    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, token, protectReads, maxBodyBytes, maxWait, limits, metricsRefresh, auth, bundleApi);
    }

    /**
     * @param value the host to bind
     * @return a copy with that host
     */
    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, token, protectReads, maxBodyBytes, maxWait, limits, metricsRefresh, auth, bundleApi);
    }

    /**
     * @param value the bearer token, or empty for none
     * @param reads whether reads need it too
     * @return a copy with that token
     */
    public ServerConfig withToken(Optional<String> value, boolean reads) {
        return new ServerConfig(host, port, value, reads, maxBodyBytes, maxWait, limits, metricsRefresh, auth, bundleApi);
    }

    /**
     * @param value the body limit in bytes
     * @return a copy with that limit
     */
    public ServerConfig withMaxBodyBytes(long value) {
        return new ServerConfig(host, port, token, protectReads, value, maxWait, limits, metricsRefresh, auth, bundleApi);
    }

    /**
     * @param value the connection limits and timeouts
     * @return a copy with those limits
     */
    public ServerConfig withLimits(Limits value) {
        return new ServerConfig(host, port, token, protectReads, maxBodyBytes, maxWait, value, metricsRefresh, auth, bundleApi);
    }

    /**
     * @param value how long scrapes use the runs and attempts by status last read from the store (zero: every scrape reads)
     * @return a copy with that period
     */
    public ServerConfig withMetricsRefresh(Duration value) {
        return new ServerConfig(host, port, token, protectReads, maxBodyBytes, maxWait, limits, value, auth, bundleApi);
    }

    /**
     * @param value the API key checking settings
     * @return a copy with them
     */
    public ServerConfig withAuth(Auth value) {
        return new ServerConfig(host, port, token, protectReads, maxBodyBytes, maxWait, limits, metricsRefresh, value, bundleApi);
    }

    /**
     * @param value the DAG bundle deployer and the largest jar accepted
     * @return a copy with the {@code /bundles} endpoints served by it
     */
    public ServerConfig withBundleApi(BundleApi value) {
        return new ServerConfig(host, port, token, protectReads, maxBodyBytes, maxWait, limits, metricsRefresh, auth,
                Optional.of(value));
    }

    /**
     * The DAG bundle deploys the API takes ({@code POST /bundles}, {@code DELETE /bundles/{name}}) and
     * the jars it serves to executors ({@code GET /bundles/{hash}}).
     *
     * @param deployer deploys, undeploys and keeps the jars
     * @param maxJarBytes the largest jar accepted (413 above); default 64 MiB
     */
    public record BundleApi(BundleDeployer deployer, long maxJarBytes) {
        /** Default {@link #maxJarBytes()}: 64 MiB. */
        public static final long DEFAULT_MAX_JAR_BYTES = 64L << 20;

        /** Validates. */
        public BundleApi {
            Objects.requireNonNull(deployer, "deployer");
            if (maxJarBytes < 1024) {
                throw new InvalidInputException("maxJarBytes must be at least 1024, was " + maxJarBytes);
            }
        }

        /**
         * @param deployer the deployer
         * @return the API with the default jar limit
         */
        public static BundleApi of(BundleDeployer deployer) {
            return new BundleApi(deployer, DEFAULT_MAX_JAR_BYTES);
        }
    }

    /**
     * How API keys are checked.
     *
     * @param failuresPerMinute failed authentications (wrong or revoked key) an address may have within
     *     a minute before its requests with a key are answered 429 until the minute ends; default 20
     * @param keyRefresh how long a key read from the store is used before it is read again: the
     *     longest time a revocation made through another scheduler of the same store takes to apply
     *     here (through this one it applies at once); default 5 s
     */
    public record Auth(int failuresPerMinute, Duration keyRefresh) {
        /** Validates. */
        public Auth {
            Objects.requireNonNull(keyRefresh, "keyRefresh");
            if (failuresPerMinute < 1) {
                throw new InvalidInputException("failuresPerMinute must be 1 or more, was " + failuresPerMinute);
            }
            if (keyRefresh.isNegative()) {
                throw new InvalidInputException("keyRefresh must not be negative, was " + keyRefresh);
            }
        }

        /** @return 20 failures a minute, keys read again after 5 s */
        public static Auth defaults() {
            return new Auth(20, Duration.ofSeconds(5));
        }
    }

    /**
     * What keeps hostile or broken clients from holding the server: every timeout closes the
     * connection, and the connection bound keeps memory bounded under a flood (connections over it
     * wait in the operating system's accept backlog).
     *
     * @param readTimeout the longest time to receive a request's headers (from its first line) and,
     *     separately, its body; default 30 s. A long poll's wait is not reading and does not count
     * @param idleTimeout how long a connection may stay without a request (a silent new connection, a
     *     half-sent first line, an idle keep-alive) before it is closed; default 60 s; checked every
     *     quarter of it (at most every 30 s)
     * @param maxConnections the most connections open at once; default 1000
     * @param maxConcurrentRequests the most requests handled at once (503 above); default 1000
     */
    public record Limits(Duration readTimeout, Duration idleTimeout, int maxConnections, int maxConcurrentRequests) {
        /** Validates. */
        public Limits {
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (readTimeout.toMillis() < 10) {
                throw new InvalidInputException("readTimeout must be at least 10 ms, was " + readTimeout);
            }
            if (idleTimeout.toMillis() < 10) {
                throw new InvalidInputException("idleTimeout must be at least 10 ms, was " + idleTimeout);
            }
            if (maxConnections < 1) {
                throw new InvalidInputException("maxConnections must be at least 1, was " + maxConnections);
            }
            if (maxConcurrentRequests < 1) {
                throw new InvalidInputException("maxConcurrentRequests must be at least 1, was " + maxConcurrentRequests);
            }
        }

        /** @return 30 s read timeout, 60 s idle timeout, 1000 connections, 1000 concurrent requests */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(30), Duration.ofSeconds(60), 1000, 1000);
        }

        /**
         * @param read the read timeout
         * @param idle the idle timeout
         * @return a copy with those timeouts
         */
        public Limits withTimeouts(Duration read, Duration idle) {
            return new Limits(read, idle, maxConnections, maxConcurrentRequests);
        }

        /**
         * @param connections the most connections open at once
         * @param requests the most requests handled at once
         * @return a copy with those bounds
         */
        public Limits withMax(int connections, int requests) {
            return new Limits(readTimeout, idleTimeout, connections, requests);
        }
    }

    @Override
    public String toString() {
        return "ServerConfig[" + host + ":" + port + ", token=" + (token.isPresent() ? "***" : "none") + ", protectReads="
                + protectReads + ", maxBodyBytes=" + maxBodyBytes + ", maxWait=" + maxWait + ", " + limits + ", " + auth
                + (bundleApi.isPresent() ? ", bundles up to " + bundleApi.get().maxJarBytes() + " bytes" : "") + "]";
    }
}
