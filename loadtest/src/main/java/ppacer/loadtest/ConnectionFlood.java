package ppacer.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.SchedulerServer;
import ppacer.server.ServerConfig;

/**
 * Memory of the scheduler's HTTP server under a connection flood: a scheduler on a SQLite file and
 * its API in this JVM; a second JVM opens N connections to it, half silent, half slowloris (request
 * line and then one header byte every 5 s), and holds them. This JVM samples its heap (used, after
 * the flood a GC) and its resident set (VmRSS) every 500 ms, and times one {@code GET /state} made
 * on a new connection 15 s into the flood.
 *
 * <p>Arguments: {@code bounded|unbounded [connections] [holdSeconds]}. {@code bounded} runs with
 * {@link ServerConfig.Limits#defaults()}; {@code unbounded} with no connection or request bound, a
 * one-hour read timeout and Helidon's default 5-minute idle timeout (the server before the limits).
 */
final class ConnectionFlood {
    private ConnectionFlood() {
    }

    /**
     * @param args see the class comment
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("flood")) {
            flood(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        boolean bounded = args.length == 0 || args[0].equals("bounded");
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int holdSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 45;
        ServerConfig.Limits limits = bounded ? ServerConfig.Limits.defaults()
                : new ServerConfig.Limits(Duration.ofHours(1), Duration.ofMinutes(5), Integer.MAX_VALUE, Integer.MAX_VALUE);
        Path dir = Files.createTempDirectory("ppacer-flood");
        try (Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(LoadDags.registry(2, 2, 0))
                .storeUrl("jdbc:sqlite:" + dir.resolve("flood.db")).build());
             SchedulerServer server = SchedulerServer.start(scheduler, ServerConfig.defaults().withPort(0).withLimits(limits))) {
            HttpClient http = HttpClient.newHttpClient();
            URI state = URI.create(server.uri() + "/state");
            http.send(HttpRequest.newBuilder(state).build(), HttpResponse.BodyHandlers.ofString());
            System.gc();
            Thread.sleep(1000);
            long heapBefore = heapUsed();
            long rssBefore = rss();
            System.out.printf("%s: %d connections held %d s; before: heap used %d MiB, RSS %d MiB%n",
                    bounded ? "bounded " + limits : "unbounded", connections, holdSeconds, heapBefore >> 20, rssBefore >> 20);

            AtomicLong peakHeap = new AtomicLong();
            AtomicLong peakRss = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakHeap.accumulateAndGet(heapUsed(), Math::max);
                    peakRss.accumulateAndGet(rss(), Math::max);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            String java = ProcessHandle.current().info().command().orElse("java");
            Process flood = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    ConnectionFlood.class.getName(), "flood", "127.0.0.1", String.valueOf(server.port()),
                    String.valueOf(connections), String.valueOf(holdSeconds)).inheritIO().start();
            Thread.sleep(Math.min(holdSeconds, 15) * 1000L);
            long t0 = System.nanoTime();
            // a new client (a new connection: the first client's pooled one would bypass the flood)
            try {
                HttpResponse<String> during = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(120)).build()
                        .send(HttpRequest.newBuilder(state).timeout(Duration.ofSeconds(120)).build(),
                                HttpResponse.BodyHandlers.ofString());
                System.out.printf("GET /state on a new connection during the flood: %d after %d ms%n",
                        during.statusCode(), (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException e) {
                System.out.printf("GET /state on a new connection during the flood: failed after %d ms: %s%n",
                        (System.nanoTime() - t0) / 1_000_000, e);
            }
            flood.waitFor();
            sampler.interrupt();
            sampler.join();
            System.gc();
            Thread.sleep(1000);
            System.out.printf("peak during the flood: heap used %d MiB, RSS %d MiB; after it and a GC: heap used %d MiB,"
                    + " RSS %d MiB%n", peakHeap.get() >> 20, peakRss.get() >> 20, heapUsed() >> 20, rss() >> 20);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The flooding JVM: opens the connections, holds them, then says how many the server closed. */
    private static void flood(String host, int port, int n, int holdSeconds) throws InterruptedException {
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger closedByServer = new AtomicInteger();
        List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + Duration.ofSeconds(holdSeconds).toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                boolean slow = i % 2 == 1;
                threads.submit(() -> {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(host, port), 5000);
                        sockets.add(s);
                        connected.incrementAndGet();
                        OutputStream out = s.getOutputStream();
                        InputStream in = s.getInputStream();
                        if (slow) {
                            out.write("POST /dag/run/trigger HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                        s.setSoTimeout(slow ? 5000 : 1000);
                        while (System.nanoTime() - end < 0) {
                            try {
                                if (in.read() < 0) {
                                    closedByServer.incrementAndGet();
                                    return null;
                                }
                            } catch (java.net.SocketTimeoutException e) {
                                if (slow) {
                                    out.write('a');
                                    out.flush();
                                }
                            }
                        }
                    } catch (IOException e) {
                        if (connected.get() == 0 || !s.isConnected()) {
                            refused.incrementAndGet();
                        } else {
                            closedByServer.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        System.out.printf("flood: %d connected, %d not connected within 5 s, %d closed by the server within %d s%n",
                connected.get(), refused.get(), closedByServer.get(), holdSeconds);
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }
}
