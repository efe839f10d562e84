package ppacer.cli.node;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * How a long-running command ({@code run}, {@code scheduler}, {@code executor}) lives and ends.
 * In the process it waits for SIGTERM or Ctrl-C and then closes the service from a shutdown hook
 * (the JVM exits once the close is done); tests pass their own to stop it on demand.
 */
public interface Lifecycle {
    /**
     * Keeps {@code service} running until asked to stop, then closes it.
     *
     * @param service what to close on stop
     * @param uri the service's API address, when it has one
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void serve(AutoCloseable service, Optional<URI> uri) throws InterruptedException;

    /** @return a life cycle ended by the JVM's shutdown (SIGTERM, SIGINT, System.exit) */
    static Lifecycle untilShutdown() {
        return (service, uri) -> {
            CountDownLatch closed = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ppacer-shutdown").unstarted(() -> {
                try {
                    service.close();
                } catch (Exception e) {
                    System.getLogger(Lifecycle.class.getName()).log(System.Logger.Level.ERROR,
                            "Graceful stop failed", e);
                } finally {
                    closed.countDown();
                }
            }));
            closed.await();
        };
    }
}
