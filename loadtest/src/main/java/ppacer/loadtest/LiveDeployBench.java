package ppacer.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import ppacer.api.DagRegistry;
import ppacer.api.spi.Store;
import ppacer.api.spi.StoreConfig;
import ppacer.api.spi.Stores;
import ppacer.exec.bundle.BundleDeployer;
import ppacer.exec.bundle.BundleHash;
import ppacer.exec.bundle.BundleLoader;
import ppacer.exec.bundle.Bundles;
import ppacer.exec.bundle.DagsFolder;
import ppacer.scheduler.Scheduler;
import ppacer.scheduler.SchedulerConfig;
import ppacer.server.BundleCatalog;
import ppacer.server.InProcessWorker;
import ppacer.server.WorkerConfig;
import ppacer.testkit.ModularJars;

/**
 * Measures deploy-to-first-run on a running scheduler with its in-process executor (as {@code ppacer run}): from
 * a changed bundle version handed to {@link BundleDeployer#deploy} (and, second, from the jar renamed into the
 * watched DAG folder, 500 ms debounce included) to its DAG's first task running, the run triggered as soon as the
 * version serves. The task records when it ran ({@code System.nanoTime()} in a system property).
 *
 * <pre>
 * bin/bundle-bench live          # 10 rounds each way
 * bin/bundle-bench live 20
 * </pre>
 */
public final class LiveDeployBench {
    private static final String DAG = "live_bench";
    private static final String RAN = "ppacer.bench.ran";

    private LiveDeployBench() {
    }

    /**
     * @param args [rounds]
     * @throws Exception on a failure
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path work = Files.createTempDirectory("ppacer-live-bench");
        List<byte[]> jars = new ArrayList<>();
        for (int i = 0; i < 2 * rounds; i++) {
            Path dir = Files.createDirectories(work.resolve("src" + i));
            jars.add(Files.readAllBytes(ModularJars.build(dir.resolve("live.jar"), ModularJars.dagBundle("bench.live", DAG,
                    "int version = " + i + "; System.setProperty(\"" + RAN + "\", Long.toString(System.nanoTime()));"),
                    List.of())));
        }
        Path dags = Files.createDirectories(work.resolve("dags"));
        try (Store store = Stores.open(StoreConfig.of("jdbc:sqlite:" + work.resolve("bench.db")))) {
            BundleLoader loader = new BundleLoader();
            BundleDeployer deployer = new BundleDeployer(work.resolve("bundles"), new Bundles(DagRegistry.load(), loader),
                    loader, store.bundles(), InstantSource.system());
            BundleCatalog catalog = new BundleCatalog(deployer);
            Scheduler scheduler = Scheduler.start(SchedulerConfig.builder(catalog).store(store).build());
            InProcessWorker worker = InProcessWorker.start(scheduler, WorkerConfig.defaults().withConcurrency(4));
            try {
                long[] api = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    System.clearProperty(RAN);
                    long t0 = System.nanoTime();
                    deployer.deploy("live", jars.get(i), "bench");
                    scheduler.trigger(DAG, "{}");
                    api[i] = ranAt() - t0;
                }
                report("BundleDeployer.deploy", api);
                long[] folder = new long[rounds];
                try (DagsFolder watched = new DagsFolder(dags, deployer, Duration.ofMillis(500))) {
                    watched.start();
                    for (int i = 0; i < rounds; i++) {
                        byte[] jar = jars.get(rounds + i);
                        String hash = BundleHash.of(jar).hex();
                        Path tmp = dags.resolve(".live.jar");
                        Files.write(tmp, jar);
                        System.clearProperty(RAN);
                        long t0 = System.nanoTime();
                        Files.move(tmp, dags.resolve("live.jar"), StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                        while (!catalog.current().bundleHash(DAG).orElse("").equals(hash)) {
                            Thread.sleep(1);
                        }
                        scheduler.trigger(DAG, "{}");
                        folder[i] = ranAt() - t0;
                    }
                }
                report("jar renamed into the watched folder (500 ms debounce)", folder);
            } finally {
                worker.stop(Duration.ofSeconds(5));
                scheduler.stop(Duration.ofSeconds(5));
            }
        }
    }

    private static long ranAt() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.getProperty(RAN) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the DAG's task did not run within a minute");
            }
            Thread.sleep(1);
        }
        return Long.parseLong(System.getProperty(RAN));
    }

    private static void report(String from, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf(Locale.ROOT, "deploy-to-first-run from %s, %d versions: p50 %.0f ms, p90 %.0f ms, max %.0f ms%n",
                from, n, sorted[n / 2] / 1e6, sorted[n * 9 / 10 >= n ? n - 1 : n * 9 / 10] / 1e6, sorted[n - 1] / 1e6);
    }
}
