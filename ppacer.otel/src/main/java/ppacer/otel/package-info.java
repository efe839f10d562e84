/** OpenTelemetry-backed {@link ppacer.api.spi.Tracing}; not exported, found as a service. */
package ppacer.otel;
