package ppacer.server.ha;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import ppacer.api.concurrent.Backoff;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;

/** An executor process following the leader: {@code <url,url,...> <executorId> <journal>}. */
public final class HaExecutorMain {
    private HaExecutorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<URI> schedulers = Stream.of(args[0].split(",")).map(URI::create).toList();
        String id = args[1];
        Executor executor = Executor.create(HaDags.registry(Path.of(args[2]), id),
                SchedulerLink.failover(schedulers, Optional.empty(), Duration.ofSeconds(2)),
                ExecutorConfig.builder().executorId(id).maxConcurrency(8).longPollWait(Duration.ofMillis(500))
                        .heartbeatInterval(Duration.ofMillis(500)).backoff(() -> Backoff.fixed(Duration.ofMillis(50)))
                        .shutdownTimeout(Duration.ofSeconds(2)).build());
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
