package ppacer.cli.command;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import ppacer.cli.settings.Setting;

/** {@code ppacer run}: scheduler, HTTP API and an in-process executor in one process. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the scheduler, its HTTP API and an in-process executor with the DAGs found on the"
                + " module path (the example DAGs in the image), until SIGTERM or Ctrl-C."})
final class RunCommand extends NodeCommand {
    @Mixin
    ExecutorOptions executor = new ExecutorOptions();

    RunCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    boolean withExecutor() {
        return true;
    }

    @Override
    void addFlags(Map<Setting, String> flags) {
        super.addFlags(flags);
        executor.addTo(flags);
    }
}
