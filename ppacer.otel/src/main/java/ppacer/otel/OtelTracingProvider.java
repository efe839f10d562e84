package ppacer.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import ppacer.api.spi.Tracing;
import ppacer.api.spi.TracingConfig;
import ppacer.api.spi.TracingProvider;

/**
 * Opens an {@link OtelTracing} exporting to {@code <endpoint>/v1/traces} (OTLP/HTTP protobuf, batched)
 * and sampling {@code sampleRatio} of the runs (an attempt and its execution follow their run), spans
 * batched as {@link BatchSettings} says.
 */
public final class OtelTracingProvider implements TracingProvider {
    /** The service's resource attribute. */
    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    /** For {@link java.util.ServiceLoader}. */
    public OtelTracingProvider() {
    }

    @Override
    public Tracing open(TracingConfig config) {
        String base = config.endpoint().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build();
        BatchSettings batch = BatchSettings.of(System.getenv());
        return open(config, BatchSpanProcessor.builder(exporter).setMaxQueueSize(batch.maxQueueSize())
                .setMaxExportBatchSize(batch.maxExportBatchSize()).setScheduleDelay(batch.scheduleDelay()).build());
    }

    /**
     * Opens a tracing whose spans go to a processor (the tests' in-memory exporter).
     *
     * @param config the settings
     * @param processor where ended spans go
     * @return the tracing
     */
    static OtelTracing open(TracingConfig config, SpanProcessor processor) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, config.serviceName()))))
                .setSampler(sampler(config.sampleRatio()))
                .addSpanProcessor(processor)
                .build();
        return new OtelTracing(provider, config.storeThreshold());
    }

    /**
     * @param ratio the share of runs traced
     * @return a sampler of that share of roots whose children follow their parent; at 1 every root is
     *     sampled without reading its trace id (the ratio sampler's work per run, for nothing)
     */
    static Sampler sampler(double ratio) {
        return Sampler.parentBased(ratio >= 1.0 ? Sampler.alwaysOn() : Sampler.traceIdRatioBased(ratio));
    }
}
