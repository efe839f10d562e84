package ppacer.exec.bundle;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Downloads bundle jars from a scheduler's {@code GET /bundles/{hash}}, with its bearer token. */
public final class HttpBundleSource implements BundleCache.Source {
    private final HttpClient client;
    private final URI scheduler;
    private final Optional<String> token;
    private final Duration timeout;

    /**
     * Creates the source.
     *
     * @param scheduler the scheduler's base URL (e.g. {@code http://sched:8080})
     * @param token the API token, when the scheduler requires one
     * @param timeout the time a download may take
     */
    public HttpBundleSource(URI scheduler, Optional<String> token, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.scheduler = scheduler;
        this.token = token;
        this.timeout = timeout;
    }

    @Override
    public byte[] fetch(BundleHash hash) {
        URI uri = scheduler.resolve("/bundles/" + hash.hex());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
                throw new BundleException("Bundle " + hash + " cannot be downloaded from " + uri + ": HTTP " + r.statusCode()
                        + (body.isBlank() ? "" : " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body)));
            }
            return r.body();
        } catch (IOException e) {
            throw new BundleException("Bundle " + hash + " cannot be downloaded from " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("Bundle " + hash + " download from " + uri + " interrupted", e);
        }
    }
}
