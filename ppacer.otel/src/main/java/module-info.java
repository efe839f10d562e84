/**
 * Optional tracing with OpenTelemetry: provides {@link ppacer.api.spi.TracingProvider} (found by
 * {@link java.util.ServiceLoader} when {@code tracing.enabled} is true) backed by the OpenTelemetry
 * SDK, exporting spans over OTLP/HTTP with the JDK's HTTP client. Without this module (and the
 * OpenTelemetry jars) on the module path, tracing stays off and the core needs none of them.
 */
module ppacer.otel {
    requires ppacer.api;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.trace;
    requires io.opentelemetry.exporter.otlp;

    provides ppacer.api.spi.TracingProvider with ppacer.otel.OtelTracingProvider;
}
