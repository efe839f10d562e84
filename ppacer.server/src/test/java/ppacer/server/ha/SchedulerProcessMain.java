package ppacer.server.ha;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import ppacer.scheduler.HaConfig;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/**
 * A scheduler process for the failover tests: {@code <storeUrl> <port> <nodeId> <journal>}, with
 * the default lease TTL and renew interval; prints {@code READY <nodeId>} once serving.
 */
public final class SchedulerProcessMain {
    private SchedulerProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        int port = Integer.parseInt(args[1]);
        String nodeId = args[2];
        Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(HaDags.registry(Path.of(args[3]), nodeId))
                .storeUrl(url).leaseGrace(Duration.ofSeconds(10)).stopTimeout(Duration.ofSeconds(1))
                .ha(HaConfig.defaults().withNodeId(nodeId).withAdvertisedUrl("http://127.0.0.1:" + port)).build());
        SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(port));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            scheduler.close();
            done.countDown();
        }));
        System.out.println("READY " + nodeId + " " + scheduler.state());
        System.out.flush();
        done.await();
    }
}
