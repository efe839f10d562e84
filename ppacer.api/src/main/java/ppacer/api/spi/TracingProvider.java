package ppacer.api.spi;

/**
 * Makes a {@link Tracing} from its configuration. Found by {@link java.util.ServiceLoader}: the optional
 * module {@code ppacer.otel} provides one backed by the OpenTelemetry SDK.
 */
public interface TracingProvider {
    /**
     * @param config the settings (enabled)
     * @return an open tracing, closed by its user
     */
    Tracing open(TracingConfig config);
}
