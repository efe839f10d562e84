package ppacer.cli.command;

import java.util.Map;
import picocli.CommandLine.Option;
import ppacer.cli.settings.Setting;

/** Options of commands that run a scheduler. */
final class ServerOptions {
    @Option(names = "--db", paramLabel = "URL",
            description = "Store URL: jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB, jdbc:mysql://HOST/DB"
                    + " (env PPACER_DB; default jdbc:sqlite:ppacer.db).")
    String db;

    @Option(names = "--db-options", paramLabel = "KEY=VALUE,...",
            description = "Store options, e.g. synchronous=FULL for SQLite, poolSize=16 for PostgreSQL/MySQL;"
                    + " unknown keys are refused (env PPACER_DB_OPTIONS; default none).")
    String dbOptions;

    @Option(names = "--host", paramLabel = "ADDR",
            description = "Address the HTTP API binds (env PPACER_HOST; default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "HTTP API port, 0 for any free port (env PPACER_PORT; default 9321).")
    String port;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token required on mutating and executor calls (env PPACER_TOKEN; default none).")
    String token;

    @Option(names = "--protect-reads", arity = "0..1", paramLabel = "BOOL",
            description = "Require the token on read-only calls too (env PPACER_PROTECT_READS; default false).")
    Boolean protectReads;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Zone of displayed times, e.g. UTC (env PPACER_ZONE; default the system zone).")
    String zone;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This scheduler's HA node id: letters, digits, '.', '_', ':', '-' (env PPACER_NODE_ID;"
                    + " default sched-<pid>-<random>, new in every process). Keep one stable id per machine or"
                    + " instance so that, on a shared PostgreSQL/MySQL store, the tasks its in-process executor was"
                    + " running when it crashed run again at once when it restarts; two live schedulers must never"
                    + " share one id.")
    String nodeId;

    @Option(names = "--read-timeout", paramLabel = "DURATION",
            description = "Longest time to receive a request's headers and, separately, its body, e.g. 30s or PT30S"
                    + " (env PPACER_READ_TIMEOUT; default 30s).")
    String readTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION",
            description = "How long a connection may stay without a request before it is closed, e.g. 60s or PT1M"
                    + " (env PPACER_IDLE_TIMEOUT; default 60s).")
    String idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Most HTTP connections open at once; more wait in the accept backlog"
                    + " (env PPACER_MAX_CONNECTIONS; default 1000).")
    String maxConnections;

    @Option(names = "--max-concurrent-requests", paramLabel = "N",
            description = "Most HTTP requests handled at once, 503 above (env PPACER_MAX_CONCURRENT_REQUESTS;"
                    + " default 1000).")
    String maxConcurrentRequests;

    @Option(names = "--lease-duration", paramLabel = "DURATION",
            description = "How long a task attempt's lease lasts without a heartbeat, at least 1s: an executor that"
                    + " stops heartbeating loses its attempts after this (env PPACER_LEASE_DURATION; default 10s)."
                    + " Executors heartbeat every 3 s: keep it at least 9s with remote executors; run's in-process"
                    + " executor heartbeats every third of it when that is shorter than 3 s.")
    String leaseDuration;

    @Option(names = "--max-output-bytes", paramLabel = "N",
            description = "The largest task output accepted, in bytes, up to 16 MiB; a larger one fails its attempt"
                    + " (env PPACER_MAX_OUTPUT_BYTES; default 65536). Pass large data by reference.")
    String maxOutputBytes;

    @Option(names = "--max-map-items", paramLabel = "N",
            description = "The most instances one expansion of a mapped task may have, up to 100000; a longer list"
                    + " fails the task it comes from (env PPACER_MAX_MAP_ITEMS; default 1024).")
    String maxMapItems;

    void addTo(Map<Setting, String> flags) {
        Flags.put(flags, Setting.DB, db);
        Flags.put(flags, Setting.DB_OPTIONS, dbOptions);
        Flags.put(flags, Setting.HOST, host);
        Flags.put(flags, Setting.PORT, port);
        Flags.put(flags, Setting.TOKEN, token);
        Flags.put(flags, Setting.PROTECT_READS, protectReads == null ? null : protectReads.toString());
        Flags.put(flags, Setting.ZONE, zone);
        Flags.put(flags, Setting.NODE_ID, nodeId);
        Flags.put(flags, Setting.READ_TIMEOUT, readTimeout);
        Flags.put(flags, Setting.IDLE_TIMEOUT, idleTimeout);
        Flags.put(flags, Setting.MAX_CONNECTIONS, maxConnections);
        Flags.put(flags, Setting.MAX_CONCURRENT_REQUESTS, maxConcurrentRequests);
        Flags.put(flags, Setting.LEASE_DURATION, leaseDuration);
        Flags.put(flags, Setting.MAX_OUTPUT_BYTES, maxOutputBytes);
        Flags.put(flags, Setting.MAX_MAP_ITEMS, maxMapItems);
    }
}
