package ppacer.cli.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import ppacer.cli.client.Api;
import ppacer.cli.settings.Setting;
import ppacer.cli.settings.Settings;
import ppacer.cli.settings.SettingsLoader;
import ppacer.exec.client.SchedulerClient;

/** A command that talks to a running scheduler over its HTTP API. */
abstract class ClientCommand implements Callable<Integer> {
    /** How often long-running client commands poll. */
    static final Duration POLL = Duration.ofMillis(250);
    /** A user name the scheduler accepts in the actor header. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@\\-]{1,64}");

    @Mixin
    ConfigOption config = new ConfigOption();
    @Mixin
    ClientOptions client = new ClientOptions();

    private final CliContext ctx;

    ClientCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    PrintWriter out() {
        return ctx.out();
    }

    @Override
    public final Integer call() throws InterruptedException {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        client.addTo(flags);
        Settings settings = SettingsLoader.load(flags, config.file(), ctx.env(), ctx.workDir());
        return execute(new Api(SchedulerClient.create(settings.scheduler(), settings.token(), Duration.ofSeconds(30),
                user(ctx.env()))));
    }

    /**
     * The user this client names in its requests for the audit log (a claim the scheduler records
     * after the token's name): {@code USER}, else {@code USERNAME}, else the JVM's {@code user.name},
     * when it is a plain name.
     */
    static Optional<String> user(Map<String, String> env) {
        String u = env.getOrDefault("USER", env.getOrDefault("USERNAME", System.getProperty("user.name", "")));
        return u != null && USER.matcher(u).matches() ? Optional.of(u) : Optional.empty();
    }

    abstract int execute(Api api) throws InterruptedException;

    static void pause() throws InterruptedException {
        Thread.sleep(POLL);
    }
}
