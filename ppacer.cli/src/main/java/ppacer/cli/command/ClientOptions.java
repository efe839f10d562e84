package ppacer.cli.command;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import ppacer.cli.settings.Setting;

/** Options of commands that talk to a running scheduler. */
final class ClientOptions {
    @Option(names = "--scheduler", paramLabel = "URL", split = ",",
            description = {"The scheduler's URL (env PPACER_SCHEDULER; default http://127.0.0.1:<port>, port 9321).",
                    "Several schedulers of an HA group: repeat the flag or separate URLs with commas; an executor"
                            + " follows the leader among them, other commands use the first."})
    List<String> scheduler;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token to send (env PPACER_TOKEN).")
    String token;

    void addTo(Map<Setting, String> flags) {
        Flags.put(flags, Setting.SCHEDULER, scheduler == null ? null : String.join(",", scheduler));
        Flags.put(flags, Setting.TOKEN, token);
    }
}
