package ppacer.server.http;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import ppacer.api.concurrent.Backoff;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.exec.client.SchedulerClient;

/** An executor process for the multi-process tests: {@code <schedulerUrl> <executorId> <journal>}. */
public final class ExecutorProcessMain {
    private ExecutorProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI scheduler = URI.create(args[0]);
        String id = args[1];
        Path journal = Path.of(args[2]);
        Executor executor = Executor.create(E2eDags.registry(journal, id),
                SchedulerLink.http(SchedulerClient.create(scheduler, Optional.empty(), Duration.ofSeconds(10))),
                ExecutorConfig.builder().executorId(id).longPollWait(Duration.ofSeconds(1))
                        .heartbeatInterval(Duration.ofMillis(300)).backoff(() -> Backoff.fixed(Duration.ofMillis(50)))
                        .logFlushInterval(Duration.ofMillis(100)).shutdownTimeout(Duration.ofSeconds(5)).build());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            executor.close();
            done.countDown();
        }));
        executor.start();
        System.out.println("READY " + id);
        System.out.flush();
        done.await();
    }
}
