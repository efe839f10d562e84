package ppacer.loadtest;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
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
import ppacer.exec.bundle.BundleLoader;
import ppacer.exec.bundle.Bundles;
import ppacer.exec.bundle.LoadedBundle;
import ppacer.testkit.ModularJars;

/**
 * Measures DAG bundles: the deploy latency of a changed version (upload to served: the jar written
 * and forced, loaded in a new layer, its DAGs built, its row committed in a SQLite store) and the
 * heap each loaded version holds, then checks that released versions are collected.
 *
 * <pre>
 * bin/bundle-bench                 # 50 deploys, 200 versions held
 * bin/bundle-bench 20 100          # deploys, versions held
 * </pre>
 *
 * Runs with ppacer's modules in the boot layer (bundles resolve against it), see bin/bundle-bench.
 */
public final class BundleBench {
    private BundleBench() {
    }

    /**
     * @param args [deploys] [versions held]
     * @throws Exception on a failure
     */
    public static void main(String[] args) throws Exception {
        int deploys = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int held = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path work = Files.createTempDirectory("ppacer-bundle-bench");
        List<byte[]> jars = new ArrayList<>();
        for (int i = 0; i < Math.max(deploys, held); i++) {
            Path dir = Files.createDirectories(work.resolve("src" + i));
            jars.add(Files.readAllBytes(ModularJars.build(dir.resolve("bench.jar"),
                    ModularJars.dagBundle("bench.dags", "bench", "int version = " + i + ";"), List.of())));
        }
        try (Store store = Stores.open(StoreConfig.of("jdbc:sqlite:" + work.resolve("bench.db")))) {
            BundleLoader loader = new BundleLoader();
            Bundles bundles = new Bundles(DagRegistry.of(List.of()), loader);
            BundleDeployer deployer = new BundleDeployer(work.resolve("content"), bundles, loader, store.bundles(),
                    InstantSource.system());
            long[] nanos = new long[deploys];
            for (int i = 0; i < deploys; i++) {
                long t0 = System.nanoTime();
                deployer.deploy("bench", jars.get(i), "bench");
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "deploy (upload to served), %d changed versions: p50 %.1f ms, p90 %.1f ms,"
                    + " max %.1f ms%n", deploys, ms(nanos[deploys / 2]), ms(nanos[deploys * 9 / 10]), ms(nanos[deploys - 1]));
        }

        long before = usedAfterGc();
        List<LoadedBundle> kept = new ArrayList<>();
        Path heldDir = Files.createDirectories(work.resolve("held"));
        BundleLoader loader = new BundleLoader();
        for (int i = 0; i < held; i++) {
            Path jar = heldDir.resolve("v" + i + ".jar");
            Files.write(jar, jars.get(i));
            kept.add(loader.load("bench", jar));
        }
        long after = usedAfterGc();
        System.out.printf(Locale.ROOT, "memory: %d versions held, %.1f KiB of heap each (one small DAG, one task)%n",
                held, (after - before) / 1024.0 / held);
        List<WeakReference<ClassLoader>> refs = kept.stream()
                .map(b -> new WeakReference<>(b.layer().findLoader("bench.dags"))).toList();
        kept.clear();
        for (int i = 0; i < 100 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(50);
        }
        System.out.printf(Locale.ROOT, "released: %d of %d layers collected%n", refs.stream().filter(r -> r.get() == null).count(),
                refs.size());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
