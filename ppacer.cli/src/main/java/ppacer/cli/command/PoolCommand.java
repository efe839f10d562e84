package ppacer.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ppacer.cli.client.Api;

/** {@code ppacer pool set NAME SLOTS} and {@code ppacer pool delete NAME}. */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = "Sets the size of a pool at run time, or deletes a pool defined at run time.")
final class PoolCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private PoolCommand() {
    }

    /**
     * @param ctx the command line's context
     * @return {@code pool} with its subcommands {@code set} and {@code delete}
     */
    static CommandLine of(CliContext ctx) {
        return new CommandLine(new PoolCommand()).addSubcommand("set", new Set(ctx)).addSubcommand("delete", new Delete(ctx));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: ppacer pool set NAME SLOTS, or ppacer pool delete NAME");
    }

    /** {@code ppacer pool set NAME SLOTS}. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Sets a pool's size now, persisted: growing it lets waiting attempts go at once; shrinking",
                    "it below the slots held lets the holders finish and hands out nothing new meanwhile. The size",
                    "set here is kept over restarts, whatever the configuration says, until the pool is deleted."})
    static final class Set extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The pool (one that tasks declare, or a defined one).")
        String name;
        @Parameters(index = "1", paramLabel = "SLOTS", description = "Its size: 0 or more.")
        String slots;

        Set(CliContext ctx) {
            super(ctx);
        }

        @Override
        int execute(Api api) {
            int n;
            try {
                n = Integer.parseInt(slots);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SLOTS must be a whole number, 0 or more, was '" + slots + "'");
            }
            if (n < 0) {
                throw new IllegalArgumentException("SLOTS must be 0 or more, was " + n);
            }
            JsonNode p = api.put("/pools/" + Api.enc(name), Map.of("slots", n));
            out().printf("Pool %s: %d slots, %d used, %d waiting%n", p.path("name").asText(), p.path("slots").asInt(),
                    p.path("used").asInt(), p.path("waiting").asInt());
            out().flush();
            return ExitCodes.OK;
        }
    }

    /** {@code ppacer pool delete NAME}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Deletes a pool defined at run time; refused for a pool in the configuration, declared by",
                    "tasks, or holding or awaited by attempts."})
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The pool.")
        String name;

        Delete(CliContext ctx) {
            super(ctx);
        }

        @Override
        int execute(Api api) {
            api.delete("/pools/" + Api.enc(name));
            out().printf("Deleted pool %s%n", name);
            out().flush();
            return ExitCodes.OK;
        }
    }
}
