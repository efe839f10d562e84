package ppacer.exec.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ppacer.testkit.ModularJars;
import ppacer.testkit.MutableClock;

/** The executor's cache: fetch once by hash, verify, load; refuse a tampered download; evict the least recently used. */
class BundleCacheTest {
    @TempDir
    Path dir;

    private final Map<BundleHash, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();

    private byte[] jar(String module, String dagId) throws Exception {
        Path p = Files.createDirectories(dir.resolve("src-" + module)).resolve(module + ".jar");
        byte[] bytes = Files.readAllBytes(ModularJars.build(p, ModularJars.dagBundle(module, dagId, ""), List.of()));
        served.put(BundleHash.of(bytes), bytes);
        return bytes;
    }

    private BundleCache cache(long maxBytes, MutableClock clock) {
        return new BundleCache(dir.resolve("cache"), maxBytes, h -> {
            downloads.incrementAndGet();
            byte[] b = served.get(h);
            if (b == null) {
                throw new BundleException("Bundle " + h + " unknown");
            }
            return b;
        }, clock);
    }

    @Test
    void aMissingVersionIsDownloadedOnceVerifiedAndLoadable() throws Exception {
        byte[] bytes = jar("fetched", "fetched_dag");
        BundleHash hash = BundleHash.of(bytes);
        BundleCache cache = cache(1 << 20, new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z")));

        Path jar = cache.jar(hash);
        cache.jar(hash);

        assertEquals(1, downloads.get());
        assertArrayEquals(bytes, Files.readAllBytes(jar));
        assertEquals(List.of("fetched_dag"), new BundleLoader().load("fetched", jar).dagIds());
    }

    @Test
    void aTamperedDownloadIsRefusedAndNotCached() throws Exception {
        byte[] bytes = jar("tampered", "tampered_dag");
        BundleHash hash = BundleHash.of(bytes);
        byte[] evil = bytes.clone();
        evil[evil.length / 2] ^= 1;
        served.put(hash, evil);
        BundleCache cache = cache(1 << 20, new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z")));

        BundleException e = assertThrows(BundleException.class, () -> cache.jar(hash));

        assertTrue(e.getMessage().contains(hash.hex()) && e.getMessage().contains("tampered"), e.getMessage());
        assertEquals(List.of(), cache.cached());
    }

    @Test
    void theLeastRecentlyUsedJarsGoWhenOverTheBound() throws Exception {
        BundleHash a = BundleHash.of(jar("a", "a_dag"));
        BundleHash b = BundleHash.of(jar("b", "b_dag"));
        BundleHash c = BundleHash.of(jar("c", "c_dag"));
        long oneJar = served.get(a).length;
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        BundleCache cache = cache(oneJar * 2 + oneJar / 2, clock);

        cache.jar(a);
        clock.advance(java.time.Duration.ofSeconds(10));
        cache.jar(b);
        clock.advance(java.time.Duration.ofSeconds(10));
        cache.jar(a);
        clock.advance(java.time.Duration.ofSeconds(10));
        cache.jar(c);

        assertEquals(List.of(a, c), cache.cached(), "b was the least recently used");
    }
}
