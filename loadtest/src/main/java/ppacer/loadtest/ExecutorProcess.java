package ppacer.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import ppacer.api.spi.Tracing;
import ppacer.api.spi.TracingConfig;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.exec.client.SchedulerClient;

/** An executor process of the load harness: {@code <url> <id> <wide> <chain> <concurrency>}. */
public final class ExecutorProcess {
    private ExecutorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        // a 6th argument: the OTLP endpoint the executions' spans go to (the burn-down with --tracing)
        Tracing tracing = args.length > 5 ? Tracing.open(new TracingConfig(true, URI.create(args[5]), 1.0, "ppacer-load-"
                + args[1], TracingConfig.DEFAULT_STORE_THRESHOLD)) : Tracing.OFF;
        Executor e = Executor.create(LoadDags.withDaily(Integer.parseInt(args[2]), Integer.parseInt(args[3])),
                SchedulerLink.http(SchedulerClient.create(URI.create(args[0]), Optional.empty(), Duration.ofSeconds(30))),
                ExecutorConfig.builder().executorId(args[1]).maxConcurrency(Integer.parseInt(args[4]))
                        .longPollWait(Duration.ofSeconds(5)).tracing(tracing).build());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            e.close(Duration.ofSeconds(2));
            tracing.close();
            done.countDown();
        }));
        e.start();
        System.out.println("READY");
        System.out.flush();
        done.await();
    }
}
