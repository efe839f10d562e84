package ppacer.exec.bundle;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Downloads a bundle jar from the first of several schedulers (an HA group) that serves it: each is
 * asked in turn, and when none does the error names every answer.
 */
public final class FailoverBundleSource implements BundleCache.Source {
    private final List<HttpBundleSource> sources;

    /**
     * Creates the source.
     *
     * @param schedulers the schedulers' base URLs, in the order to ask them; at least one
     * @param token the API token (an executor or admin key), when the schedulers require one
     * @param timeout the time one download may take
     */
    public FailoverBundleSource(List<URI> schedulers, Optional<String> token, Duration timeout) {
        if (schedulers.isEmpty()) {
            throw new IllegalArgumentException("at least one scheduler URL is needed to download bundles");
        }
        this.sources = schedulers.stream().map(u -> new HttpBundleSource(u, token, timeout)).toList();
    }

    @Override
    public byte[] fetch(BundleHash hash) {
        List<String> failures = new ArrayList<>();
        for (HttpBundleSource s : sources) {
            try {
                return s.fetch(hash);
            } catch (BundleException e) {
                failures.add(e.getMessage());
            }
        }
        throw new BundleException(failures.size() == 1 ? failures.getFirst()
                : "Bundle " + hash + " cannot be downloaded from any scheduler: " + String.join("; ", failures));
    }
}
