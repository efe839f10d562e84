package ppacer.cli.node;

import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import ppacer.api.PpacerException;

/**
 * Runs until the first SIGINT or SIGTERM, then stops gracefully after saying what it waits for
 * ("Stopping: waiting up to 30 s for 2 running tasks (Ctrl-C again to stop now)"). The second signal
 * halts the process at once with exit code 130: the attempts still running are then recovered by
 * their leases, as after a crash. A JVM shutdown by other means (SIGHUP, {@code System.exit}) stops
 * gracefully too, from a shutdown hook.
 */
final class SignalLifecycle implements Lifecycle {
    /** The exit code of a process ended by SIGINT. */
    static final int HALTED = 130;
    /** The exit codes after a graceful stop: 128 + the signal's number. */
    private static final java.util.Map<String, Integer> EXIT = java.util.Map.of("INT", 130, "TERM", 143);
    private static final System.Logger LOG = System.getLogger(SignalLifecycle.class.getName());

    private final PrintWriter out;
    /** Completed by the first SIGINT or SIGTERM (or the JVM's shutdown). */
    private final CompletableFuture<Integer> stopAsked = new CompletableFuture<>();
    private final AtomicInteger signals = new AtomicInteger();
    private final AtomicBoolean installed = new AtomicBoolean();

    SignalLifecycle(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void starting() {
        if (installed.getAndSet(true)) {
            return;
        }
        handle("INT", () -> onSignal(EXIT.get("INT")));
        handle("TERM", () -> onSignal(EXIT.get("TERM")));
    }

    private void onSignal(int exitCode) {
        if (signals.incrementAndGet() == 1) {
            stopAsked.complete(exitCode);
        } else {
            out.println("Stopping now; running attempts are recovered by their leases");
            out.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }

    @Override
    public int serve(Running running) throws InterruptedException {
        starting();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Thread hook = Thread.ofPlatform().name("ppacer-shutdown").unstarted(() -> {
            stopAsked.complete(0);
            try {
                stopped.get();
            } catch (InterruptedException | ExecutionException e) {
                // the JVM is going down anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<Void> failure = running.failure().toCompletableFuture();
        boolean interrupted = false;
        try {
            CompletableFuture.anyOf(stopAsked, failure).get();
        } catch (ExecutionException e) {
            // the failure: stop, then report it
        } catch (InterruptedException e) {
            interrupted = true; // stop, then say so
        }
        try {
            if (!interrupted && !failure.isCompletedExceptionally()) {
                announce(running);
            }
            running.stop();
        } finally {
            stopped.complete(null);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for this stop
            }
        }
        if (interrupted) {
            throw new InterruptedException("interrupted while serving");
        }
        if (failure.isCompletedExceptionally()) {
            throw reason(failure);
        }
        return stopAsked.getNow(0);
    }

    /**
     * Replaces the JVM's handler of a signal with {@code handler}, through {@code sun.misc.Signal} of
     * {@code jdk.unsupported} (the JDK's only signal API), reached reflectively so that javac's
     * "internal proprietary API" warning does not fail the build. Without it (another platform), the
     * JVM's own handling stays: the shutdown hook stops gracefully.
     */
    private static void handle(String name, Runnable handler) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object h = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            handler.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "ppacer signal handler";
                    });
            signal.getMethod("handle", signal, handlerType).invoke(null,
                    signal.getConstructor(String.class).newInstance(name), h);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.DEBUG, "No handler for SIG" + name + " on this platform: " + e);
        }
    }

    private void announce(Running running) {
        int n = running.runningTasks();
        if (n > 0) {
            Duration t = running.stopTimeout();
            out.printf("Stopping: waiting up to %s for %d running task%s (Ctrl-C again to stop now)%n", seconds(t), n,
                    n == 1 ? "" : "s");
            out.flush();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static RuntimeException reason(CompletableFuture<Void> failure) {
        try {
            failure.join();
            return new PpacerException("stopped without a reason");
        } catch (CompletionException e) {
            return e.getCause() instanceof RuntimeException r ? r : new PpacerException(String.valueOf(e.getCause()),
                    e.getCause());
        }
    }
}
