package ppacer.cli.settings;

import io.helidon.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ppacer.api.PpacerException;
import ppacer.api.spi.TracingConfig;

/**
 * The {@code tracing} section of {@code ppacer.yaml} (off when absent), with the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} and {@code OTEL_SERVICE_NAME} environment variables applied over it.
 *
 * <pre>
 * tracing:
 *   enabled: true
 *   endpoint: http://127.0.0.1:4318
 *   sample-ratio: 1.0
 *   service-name: ppacer
 *   store-threshold: PT0.1S
 * </pre>
 */
final class TracingSettings {
    private static final Set<String> KEYS = Set.of("enabled", "endpoint", "sample-ratio", "service-name", "store-threshold");

    /**
     * The section as read, parsed when a command asks for it.
     *
     * @param section the {@code tracing} node, or empty
     * @param file the file it was read from, or empty
     * @param env the environment
     */
    record Section(Optional<Config> section, Optional<Path> file, Map<String, String> env) {
    }

    private TracingSettings() {
    }

    static TracingConfig parse(Section s) {
        if (s.section().isEmpty()) {
            return TracingConfig.OFF.withEnvironment(s.env());
        }
        Config section = s.section().get();
        String in = " (in " + s.file().map(Path::toString).orElse("the settings") + ")";
        if (section.type() != Config.Type.OBJECT) {
            throw new SettingsException("tracing must be a map such as {enabled: true, endpoint: "
                    + TracingConfig.DEFAULT_ENDPOINT + ", sample-ratio: 1.0}" + in);
        }
        for (Config c : section.asNodeList().orElse(List.of())) {
            if (!KEYS.contains(c.name())) {
                throw new SettingsException("tracing." + c.name() + " is not a tracing setting; expected one of "
                        + KEYS.stream().sorted().toList() + in);
            }
        }
        String enabled = value(section, "enabled").orElse("false");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new SettingsException("tracing.enabled must be true or false, was '" + enabled + "'" + in);
        }
        URI endpoint = value(section, "endpoint").map(v -> {
            try {
                return URI.create(v);
            } catch (IllegalArgumentException e) {
                throw new SettingsException("tracing.endpoint '" + v + "' is not a URL: " + e.getMessage() + in);
            }
        }).orElse(TracingConfig.DEFAULT_ENDPOINT);
        double ratio = value(section, "sample-ratio").map(v -> {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new SettingsException("tracing.sample-ratio must be a number between 0 and 1, was '" + v + "'" + in);
            }
        }).orElse(1.0);
        Duration threshold = value(section, "store-threshold").map(v -> {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new SettingsException("tracing.store-threshold must be an ISO-8601 duration such as PT0.1S, was '"
                        + v + "'" + in);
            }
        }).orElse(TracingConfig.DEFAULT_STORE_THRESHOLD);
        try {
            return new TracingConfig(Boolean.parseBoolean(enabled), endpoint, ratio,
                    value(section, "service-name").orElse(TracingConfig.DEFAULT_SERVICE), threshold)
                    .withEnvironment(s.env());
        } catch (PpacerException e) {
            throw new SettingsException(e.getMessage() + in);
        }
    }

    private static Optional<String> value(Config section, String key) {
        Config c = section.get(key);
        return c.exists() ? c.asString().asOptional().map(String::strip) : Optional.empty();
    }
}
