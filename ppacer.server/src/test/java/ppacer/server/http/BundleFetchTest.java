package ppacer.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.api.Dag;
import ppacer.api.DagRegistry;
import ppacer.exec.bundle.BundleCache;
import ppacer.exec.bundle.BundleException;
import ppacer.exec.bundle.BundleHash;
import ppacer.exec.bundle.BundleLoader;
import ppacer.exec.bundle.BundleLookup;
import ppacer.exec.bundle.Bundles;
import ppacer.exec.bundle.FailoverBundleSource;
import ppacer.testkit.ModularJars;
import ppacer.testkit.MutableClock;

/**
 * An HTTP executor's bundle lookup against a real scheduler: a version it lacks is downloaded by
 * hash with the executor's key, verified, cached on disk and loaded in its own layer; concurrent
 * attempts download it once; after a restart it comes from disk; the cache evicts the least recently
 * used jar over its bound; a download whose bytes do not match the hash is refused, nothing cached.
 */
class BundleFetchTest {
    @TempDir
    Path dir;

    private ApiHarness api;
    private Path content;
    private String executorKey;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void start() {
        content = dir.resolve("bundles");
        api = new ApiHarness(dir, RoleMatrixTest.registry(), RoleMatrixTest.config(false), content, 1 << 20);
        executorKey = RoleMatrixTest.create(api, "exec", "executor");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Deploys a one-DAG bundle over HTTP. */
    private BundleHash deploy(String name, String module, String dagId, String body) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + name + "-" + Math.abs(body.hashCode())));
        byte[] jar = Files.readAllBytes(ModularJars.build(src.resolve(name + ".jar"),
                ModularJars.dagBundle(module, dagId, body), List.of()));
        ApiHarness.Answer a = api.send(HttpRequest.newBuilder(api.uri("/bundles?name=" + name))
                .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofByteArray(jar)),
                RoleMatrixTest.LEGACY);
        assertEquals(201, a.status(), a.body());
        return BundleHash.of(jar);
    }

    /** The scheduler's source, counting downloads. */
    private BundleCache.Source source(AtomicInteger downloads) {
        FailoverBundleSource http = new FailoverBundleSource(List.of(URI.create(api.server.uri().toString())),
                Optional.of(executorKey), Duration.ofSeconds(30));
        return hash -> {
            downloads.incrementAndGet();
            return http.fetch(hash);
        };
    }

    private static BundleLookup lookup(BundleCache cache) {
        BundleLoader loader = new BundleLoader();
        return new BundleLookup(new Bundles(DagRegistry.of(List.of()), loader), cache, loader, 8);
    }

    @Test
    void downloads_verifies_caches_and_loads_a_version_once_then_from_disk_after_a_restart() throws Exception {
        BundleHash h = deploy("sales", "sales.dags", "sales_daily", "");
        Path cacheDir = dir.resolve("cache");
        AtomicInteger downloads = new AtomicInteger();
        BundleLookup lookup = lookup(new BundleCache(cacheDir, 1 << 20, source(downloads), clock));

        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Dag>>> found = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                found.add(pool.submit(() -> {
                    go.await();
                    return lookup.find("sales_daily", h.hex());
                }));
            }
            go.countDown();
            for (Future<Optional<Dag>> f : found) {
                Dag dag = f.get(60, TimeUnit.SECONDS).orElseThrow();
                assertEquals("sales_daily", dag.id());
                assertEquals("sales.dags", dag.tasks().getFirst().task().getClass().getModule().getName(),
                        "the task's class comes from the bundle's own layer");
            }
        }
        assertEquals(1, downloads.get(), "concurrent attempts of one version download it once");
        assertEquals(List.of(h), new BundleCache(cacheDir, 1 << 20, x -> {
            throw new AssertionError("no download");
        }, clock).cached());
        assertEquals(Files.readAllBytes(content.resolve(h.hex() + ".jar")).length,
                Files.size(cacheDir.resolve(h.hex() + ".jar")), "the jar is cached whole");

        AtomicInteger afterRestart = new AtomicInteger();
        BundleLookup restarted = lookup(new BundleCache(cacheDir, 1 << 20, hash -> {
            afterRestart.incrementAndGet();
            throw new BundleException("the scheduler is down");
        }, clock));
        assertEquals("sales_daily", restarted.find("sales_daily", h.hex()).orElseThrow().id());
        assertEquals(0, afterRestart.get(), "a cached version is loaded from disk after a restart, without a download");

        BundleException noDag = assertThrows(BundleException.class, () -> restarted.find("other_dag", h.hex()));
        assertTrue(noDag.getMessage().contains("provides no DAG 'other_dag'"), noDag.getMessage());
        BundleException unknown = assertThrows(BundleException.class, () -> lookup.find("x", "0".repeat(64)));
        assertTrue(unknown.getMessage().contains("HTTP 404") && unknown.getMessage().contains("Unknown bundle version"),
                unknown.getMessage());
        assertEquals(Optional.empty(), lookup.find("nope", null), "no hash: the image's and the folder's DAGs");
    }

    @Test
    void evicts_the_least_recently_used_jar_over_the_bound() throws Exception {
        BundleHash v1 = deploy("a", "a.dags", "a_dag", "");
        BundleHash v2 = deploy("b", "b.dags", "b_dag", "");
        BundleHash v3 = deploy("c", "c.dags", "c_dag", "");
        long one = Files.size(content.resolve(v1.hex() + ".jar"));
        long bound = Math.max(one, Math.max(Files.size(content.resolve(v2.hex() + ".jar")),
                Files.size(content.resolve(v3.hex() + ".jar")))) * 2 + 100;
        AtomicInteger downloads = new AtomicInteger();
        BundleCache cache = new BundleCache(dir.resolve("cache"), bound, source(downloads), clock);
        BundleLookup lookup = lookup(cache);

        lookup.find("a_dag", v1.hex());
        clock.advance(Duration.ofSeconds(10));
        lookup.find("b_dag", v2.hex());
        clock.advance(Duration.ofSeconds(10));
        cache.jar(v1); // used again: v2 is now the least recently used
        clock.advance(Duration.ofSeconds(10));
        lookup.find("c_dag", v3.hex());

        assertEquals(List.of(v1, v3), cache.cached(), "two jars fit: the least recently used (v2) went");
        assertEquals(3, downloads.get());
    }

    @Test
    void a_download_that_does_not_match_its_hash_is_refused_and_nothing_is_cached() throws Exception {
        BundleHash h = deploy("sales", "sales.dags", "sales_daily", "");
        byte[] other = Files.readAllBytes(ModularJars.build(Files.createDirectories(dir.resolve("evil")).resolve("e.jar"),
                ModularJars.dagBundle("sales.dags", "sales_daily", "System.out.println(\"evil\");"), List.of()));
        Files.write(content.resolve(h.hex() + ".jar"), other); // the scheduler's copy altered on disk
        Path cacheDir = dir.resolve("cache");
        BundleLookup lookup = lookup(new BundleCache(cacheDir, 1 << 20, source(new AtomicInteger()), clock));

        BundleException e = assertThrows(BundleException.class, () -> lookup.find("sales_daily", h.hex()));

        assertTrue(e.getMessage().contains("Bundle " + h + " refused") && e.getMessage().contains(BundleHash.of(other).hex())
                && e.getMessage().contains("nothing was cached"), e.getMessage());
        try (var files = Files.list(cacheDir)) {
            assertEquals(List.of(), files.toList(), "nothing cached, no temporary file left");
        }
    }
}
