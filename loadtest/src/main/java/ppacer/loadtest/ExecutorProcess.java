package ppacer.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import ppacer.exec.Executor;
import ppacer.exec.ExecutorConfig;
import ppacer.exec.SchedulerLink;
import ppacer.exec.client.SchedulerClient;

/** An executor process of the load harness: {@code <url> <id> <wide> <chain> <concurrency>}. */
public final class ExecutorProcess {
    private ExecutorProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Executor e = Executor.create(LoadDags.withDaily(Integer.parseInt(args[2]), Integer.parseInt(args[3])),
                SchedulerLink.http(SchedulerClient.create(URI.create(args[0]), Optional.empty(), Duration.ofSeconds(30))),
                ExecutorConfig.builder().executorId(args[1]).maxConcurrency(Integer.parseInt(args[4]))
                        .longPollWait(Duration.ofSeconds(5)).build());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            e.close(Duration.ofSeconds(2));
            done.countDown();
        }));
        e.start();
        System.out.println("READY");
        System.out.flush();
        done.await();
    }
}
