package ppacer.cli.settings;

import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the command line, with its flag, environment variable and YAML key. Precedence:
 * flag, then environment variable, then the YAML file, then the default.
 */
public enum Setting {
    /** The store URL. */
    DB("--db", "jdbc:sqlite:ppacer.db"),
    /** Store options, {@code KEY=VALUE} pairs separated by commas (e.g. {@code synchronous=FULL}). */
    DB_OPTIONS("--db-options", null),
    /** The address the HTTP API binds. */
    HOST("--host", "127.0.0.1"),
    /** The HTTP API port. */
    PORT("--port", "9321"),
    /** The bearer token (server: required on mutating and executor calls; clients: sent). */
    TOKEN("--token", null),
    /** Whether read-only endpoints require the token too. */
    PROTECT_READS("--protect-reads", "false"),
    /** The zone of displayed times. */
    ZONE("--zone", null),
    /**
     * The scheduler URLs for clients and executors, separated by commas (in YAML also a list):
     * executors follow the leader among them, client commands use the first.
     */
    SCHEDULER("--scheduler", null),
    /** An executor's timeout of one request but a long poll (whose timeout is its wait plus this). */
    REQUEST_TIMEOUT("--request-timeout", "3s"),
    /** How many tasks an executor runs at once. */
    CONCURRENCY("--concurrency", "16"),
    /** The executor id stored on the attempts it takes. */
    EXECUTOR_ID("--executor-id", null),
    /**
     * The scheduler's HA node id (stored in the leader lease and in its in-process executor's attempts);
     * without it every process draws {@code sched-<pid>-<random>}.
     */
    NODE_ID("--node-id", null),
    /** The HTTP server's longest time to receive a request's headers and, separately, its body. */
    READ_TIMEOUT("--read-timeout", "30s"),
    /** How long the HTTP server keeps a connection without a request. */
    IDLE_TIMEOUT("--idle-timeout", "60s"),
    /** The most HTTP connections open at once. */
    MAX_CONNECTIONS("--max-connections", "1000"),
    /** The most HTTP requests handled at once (503 above). */
    MAX_CONCURRENT_REQUESTS("--max-concurrent-requests", "1000"),
    /** How long an attempt's lease lasts without a heartbeat. */
    LEASE_DURATION("--lease-duration", "10s"),
    /** The largest task output the scheduler accepts, in bytes. */
    MAX_OUTPUT_BYTES("--max-output-bytes", "65536"),
    /** The most instances one expansion of a mapped task may have. */
    MAX_MAP_ITEMS("--max-map-items", "1024"),
    /** The folder of DAG bundles (modular jars, or folders of them); default {@code ./dags} when present. */
    DAGS("--dags", null),
    /** An executor's disk cache of downloaded DAG bundle jars; default {@code .ppacer/bundle-cache} in the working folder. */
    BUNDLE_CACHE("--bundle-cache", null),
    /** The size bound of the bundle cache, in MiB: the least recently used jars go above it. */
    BUNDLE_CACHE_MB("--bundle-cache-mb", "1024");

    private final String flag;
    private final String defaultValue;

    Setting(String flag, String defaultValue) {
        this.flag = flag;
        this.defaultValue = defaultValue;
    }

    /** @return the flag, e.g. {@code --db} */
    public String flag() {
        return flag;
    }

    /** @return the YAML key, e.g. {@code db} or {@code protect-reads} */
    public String yamlKey() {
        return flag.substring(2);
    }

    /** @return the environment variable, e.g. {@code PPACER_DB} */
    public String envVar() {
        return "PPACER_" + yamlKey().replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** @return the fixed default, empty when it is computed (or there is none) */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }
}
