package ppacer.api.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import ppacer.api.PpacerException;

/**
 * Settings of {@link Tracing}: the {@code tracing} section of {@code ppacer.yaml}.
 *
 * @param enabled whether spans are made and exported; off by default
 * @param endpoint the OTLP/HTTP base URL (spans are posted to {@code <endpoint>/v1/traces})
 * @param sampleRatio the share of runs traced, 0..1 (decided per trace: a run's attempts follow it)
 * @param serviceName the {@code service.name} resource attribute
 * @param storeThreshold a store write slower than this gets a span of its own
 */
public record TracingConfig(boolean enabled, URI endpoint, double sampleRatio, String serviceName, Duration storeThreshold) {
    /** The default endpoint: a collector on this host. */
    public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:4318");
    /** The default service name. */
    public static final String DEFAULT_SERVICE = "ppacer";
    /** The default threshold of a store-write span. */
    public static final Duration DEFAULT_STORE_THRESHOLD = Duration.ofMillis(100);
    /** Tracing off. */
    public static final TracingConfig OFF = new TracingConfig(false, DEFAULT_ENDPOINT, 1.0, DEFAULT_SERVICE,
            DEFAULT_STORE_THRESHOLD);

    /** Validates. */
    public TracingConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(storeThreshold, "storeThreshold");
        if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())) || endpoint.getHost() == null) {
            throw new PpacerException("tracing endpoint '" + endpoint + "' is not valid: expected an http(s) URL such as "
                    + DEFAULT_ENDPOINT);
        }
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new PpacerException("tracing sample-ratio must be between 0 and 1, was " + sampleRatio);
        }
        if (serviceName.isBlank()) {
            throw new PpacerException("tracing service name must not be blank");
        }
        if (storeThreshold.isNegative()) {
            throw new PpacerException("tracing store threshold must not be negative, was " + storeThreshold);
        }
    }

    /**
     * Applies the standard OpenTelemetry environment variables over this configuration:
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT} and {@code OTEL_SERVICE_NAME}.
     *
     * @param env the environment
     * @return the configuration with them applied
     * @throws PpacerException when the endpoint is not an http(s) URL
     */
    public TracingConfig withEnvironment(Map<String, String> env) {
        String e = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        String s = env.get("OTEL_SERVICE_NAME");
        URI uri = endpoint;
        if (e != null && !e.isBlank()) {
            try {
                uri = URI.create(e.strip());
            } catch (IllegalArgumentException bad) {
                throw new PpacerException("OTEL_EXPORTER_OTLP_ENDPOINT '" + e + "' is not a URL: " + bad.getMessage());
            }
        }
        return new TracingConfig(enabled, uri, sampleRatio, s == null || s.isBlank() ? serviceName : s.strip(),
                storeThreshold);
    }
}
