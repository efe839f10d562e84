package ppacer.cli.command;

import java.util.Map;
import picocli.CommandLine.Option;
import ppacer.cli.settings.Setting;

/** Options of commands that talk to a running scheduler. */
final class ClientOptions {
    @Option(names = "--scheduler", paramLabel = "URL",
            description = "The scheduler's URL (env PPACER_SCHEDULER; default http://127.0.0.1:<port>, port 9321).")
    String scheduler;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token to send (env PPACER_TOKEN).")
    String token;

    void addTo(Map<Setting, String> flags) {
        Flags.put(flags, Setting.SCHEDULER, scheduler);
        Flags.put(flags, Setting.TOKEN, token);
    }
}
