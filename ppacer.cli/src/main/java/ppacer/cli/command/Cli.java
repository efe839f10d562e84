package ppacer.cli.command;

import java.lang.module.ModuleDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import ppacer.api.PpacerException;

/**
 * The {@code ppacer} command and its subcommands. Exit codes: see {@link ExitCodes}; a failed call,
 * a bad setting or an unknown store prints one line to standard error and exits 2.
 */
@Command(name = "ppacer", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"ppacer: a DAG scheduler for the JVM.", "",
                "  ppacer run                        scheduler + executor + example DAGs, SQLite,",
                "                                    API on http://127.0.0.1:9321",
                "  ppacer trigger hello_world --wait run a DAG now, wait for its end",
                "  ppacer test hello_world           run a DAG once in process, no server (while writing it)",
                ""},
        footer = {"", "Exit codes: 0 done (trigger --wait / restart --wait / test / logs --follow: SUCCESS),"
                + " 1 the run or attempt did not succeed, 2 usage or configuration error, or a failed call.",
                "Settings: flag > PPACER_* environment variable > YAML file (--config, default ./ppacer.yaml) > default."})
public final class Cli implements Runnable {
    private final CliContext ctx;

    private Cli(CliContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Parses the arguments and runs the command.
     *
     * @param args the command line
     * @param ctx environment, working directory, output, life cycle
     * @return the exit code
     */
    public static int execute(String[] args, CliContext ctx) {
        CommandLine cl = new CommandLine(new Cli(ctx));
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("run", () -> new RunCommand(ctx));
        commands.put("scheduler", () -> new SchedulerCommand(ctx));
        commands.put("executor", () -> new ExecutorCommand(ctx));
        commands.put("dags", () -> new DagsCommand(ctx));
        commands.put("trigger", () -> new TriggerCommand(ctx));
        commands.put("runs", () -> new RunsCommand(ctx));
        commands.put("tasks", () -> new TasksCommand(ctx));
        commands.put("logs", () -> new LogsCommand(ctx));
        commands.put("output", () -> new OutputCommand(ctx));
        commands.put("restart", () -> new RestartCommand(ctx));
        commands.put("mark", () -> new MarkCommand(ctx));
        commands.put("clear", () -> new ClearCommand(ctx));
        commands.put("pause", () -> new PauseCommand(ctx));
        commands.put("unpause", () -> new UnpauseCommand(ctx));
        commands.put("status", () -> new StatusCommand(ctx));
        commands.put("test", () -> new TestCommand(ctx));
        commands.put("schedule", () -> new ScheduleCommand(ctx));
        commands.put("executors", () -> new ExecutorsCommand(ctx));
        commands.put("why", () -> new WhyCommand(ctx));
        commands.put("backfill", () -> new BackfillCommand(ctx));
        commands.put("backfills", () -> new BackfillsCommand(ctx));
        for (String name : List.of("backfill-status", "backfill-cancel", "backfill-pause", "backfill-resume")) {
            commands.put(name, () -> new BackfillActionCommand(ctx));
        }
        commands.put("pools", () -> new PoolsCommand(ctx));
        commands.put("pool", () -> PoolCommand.of(ctx));
        commands.put("token", () -> TokenCommand.of(ctx));
        commands.put("audit", () -> new AuditCommand(ctx));
        commands.put("deploy", () -> new DeployCommand(ctx));
        commands.put("bundles", () -> new BundlesCommand(ctx));
        commands.put("undeploy", () -> new UndeployCommand(ctx));
        commands.put("assets", () -> new AssetsCommand(ctx));
        commands.put("asset", () -> AssetCommand.of(ctx));
        commands.put("db", () -> DbCommand.of(ctx));
        // picocli builds a command's model by reflection (a fifth of a client call): when the first
        // argument names a command, only that one is built; otherwise (help, a typo) all of them
        Supplier<Object> named = args.length > 0 ? commands.get(args[0]) : null;
        if (named != null) {
            cl.addSubcommand(args[0], named.get());
        } else {
            commands.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setParameterExceptionHandler((e, args2) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(e.getMessage());
            List<String> ours = e instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched().stream()
                    .filter(a -> a.startsWith("-")).findFirst().map(a -> OptionSuggestions.of(a, c.getCommandSpec()))
                    .orElse(List.of()) : List.of();
            if (!ours.isEmpty()) {
                c.getErr().println("Possible solutions: " + String.join(", ", ours));
            } else if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, c.getErr())) {
                c.usage(c.getErr());
            }
            c.getErr().flush();
            return ExitCodes.ERROR;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof PpacerException || e instanceof IllegalArgumentException) {
                ctx.err().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            } else {
                ctx.err().println(commandLine.getCommandSpec().qualifiedName() + ": unexpected failure");
                e.printStackTrace(ctx.err());
            }
            ctx.err().flush();
            return ExitCodes.ERROR;
        });
        int code = cl.execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, trigger, dags, ...");
    }

    /** The version from the module descriptor. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getModule().getDescriptor() == null ? "dev"
                    : Cli.class.getModule().getDescriptor().version().map(ModuleDescriptor.Version::toString).orElse("dev");
            return new String[] {"ppacer " + v + " (Java " + Runtime.version() + ")"};
        }
    }
}
