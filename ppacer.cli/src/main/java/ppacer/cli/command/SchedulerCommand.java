package ppacer.cli.command;

import picocli.CommandLine.Command;

/** {@code ppacer scheduler}: the scheduler and its HTTP API, tasks run by separate executors. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Runs the scheduler and its HTTP API without an executor: start executors with"
                + " 'ppacer executor --scheduler URL'. Stops on SIGTERM or Ctrl-C."})
final class SchedulerCommand extends NodeCommand {
    SchedulerCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    boolean withExecutor() {
        return false;
    }
}
