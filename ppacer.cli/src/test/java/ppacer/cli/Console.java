package ppacer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import ppacer.cli.command.Cli;
import ppacer.cli.command.CliContext;
import ppacer.cli.node.Lifecycle;
import ppacer.cli.node.Running;

/** Runs commands in process with captured output; long-running ones stop on {@link #stop()}. */
final class Console implements Lifecycle {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<URI> served = new CompletableFuture<>();
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final Map<String, String> env;
    private final Path workDir;

    Console(Map<String, String> env, Path workDir) {
        this.env = env;
        this.workDir = workDir;
    }

    int execute(String... args) {
        return Cli.execute(args, new CliContext(env, workDir, new PrintWriter(out, true), new PrintWriter(err, true), this));
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public int serve(Running running) throws InterruptedException {
        served.complete(running.uri().orElseGet(() -> URI.create("none:/")));
        CompletableFuture<Void> failure = running.failure().toCompletableFuture();
        try {
            CompletableFuture.anyOf(stop, failure).get();
        } catch (ExecutionException e) {
            running.stop();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        }
        running.stop();
        return 0;
    }

    URI awaitServing(Duration timeout) throws Exception {
        try {
            return served.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Not serving after " + timeout + "; out: " + out() + "; err: " + err(), e);
        }
    }

    void stop() {
        stop.complete(null);
    }
}
