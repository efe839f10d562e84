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

    void addTo(Map<Setting, String> flags) {
        Flags.put(flags, Setting.DB, db);
        Flags.put(flags, Setting.DB_OPTIONS, dbOptions);
        Flags.put(flags, Setting.HOST, host);
        Flags.put(flags, Setting.PORT, port);
        Flags.put(flags, Setting.TOKEN, token);
        Flags.put(flags, Setting.PROTECT_READS, protectReads == null ? null : protectReads.toString());
        Flags.put(flags, Setting.ZONE, zone);
    }
}
