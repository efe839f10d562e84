package ppacer.otel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import ppacer.api.concurrent.Backoff;
import ppacer.api.spi.Tracing;
import ppacer.api.spi.TracingConfig;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;

/**
 * An HTTP executor process with tracing, started by {@link TracingEndToEndTest}: args are the
 * scheduler's URL and the OTLP endpoint. The tracing is found by ServiceLoader as in production; a
 * SIGTERM closes the executor, then the tracing (which exports what is left).
 */
public final class TracedExecutorMain {
    private TracedExecutorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Tracing tracing = Tracing.open(new TracingConfig(true, URI.create(args[1]), 1.0, "ppacer-executor",
                TracingConfig.DEFAULT_STORE_THRESHOLD));
        Executor executor = Executor.create(TracedDags.registry(),
                SchedulerLink.failover(List.of(URI.create(args[0])), Optional.empty(), Duration.ofSeconds(5)),
                ExecutorConfig.builder().executorId("traced-exec").maxConcurrency(2).longPollWait(Duration.ofMillis(500))
                        .heartbeatInterval(Duration.ofMillis(500)).backoff(() -> Backoff.fixed(Duration.ofMillis(50)))
                        .shutdownTimeout(Duration.ofSeconds(5)).tracing(tracing).build());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                executor.close();
            } finally {
                tracing.close();
                done.countDown();
            }
        }));
        executor.start();
        System.out.println("READY " + tracing.getClass().getName());
        System.out.flush();
        done.await();
    }
}
