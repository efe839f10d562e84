package ppacer.cli.settings;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import ppacer.scheduler.RetentionConfig;
import ppacer.scheduler.model.InvalidInputException;

/**
 * The {@code retention} section of {@code ppacer.yaml}: what the leader deletes on a timer.
 *
 * <pre>
 * retention:
 *   runs: P90D              # finished runs older than this go, with all their data
 *   logs: P30D              # task logs of finished runs older than this go; the runs stay
 *   assets: P90D            # asset events older than this go, unless still needed (default: the runs' age)
 *   audit: P365D            # audit-log rows older than this go (a year when retention is on and this is unset)
 *   keep-last-per-dag: 100  # never delete the latest N runs of a DAG
 *   batch-size: 500         # runs per transaction
 *   pause: PT0.2S           # between two batches
 *   interval: PT1H          # between two cleans
 * </pre>
 *
 * <p>A bad entry is refused with its key ({@code retention.runs}), value and file.
 */
final class RetentionSettings {
    private static final Set<String> KEYS = Set.of("runs", "logs", "assets", "audit", "keep-last-per-dag", "batch-size", "pause", "interval");

    /**
     * The section as read, parsed when a command asks for it.
     *
     * @param section the {@code retention} node
     * @param file the file it was read from
     */
    record Section(Config section, Path file) {
    }

    private RetentionSettings() {
    }

    static RetentionConfig parse(Section s) {
        Config section = s.section();
        if (section.type() != Config.Type.OBJECT) {
            throw new SettingsException("retention must be a map such as {runs: P90D, logs: P30D, keep-last-per-dag: 100}"
                    + " (in " + s.file() + ")");
        }
        Set<String> unknown = new TreeSet<>();
        for (Config n : section.asNodeList().orElse(List.of())) {
            if (!KEYS.contains(n.name())) {
                unknown.add(n.name());
            }
        }
        if (!unknown.isEmpty()) {
            throw new SettingsException("Unknown keys " + unknown + " under retention in " + s.file() + "; known keys: "
                    + new TreeSet<>(KEYS));
        }
        RetentionConfig.Builder b = RetentionConfig.builder();
        try {
            text(s, "runs").ifPresent(v -> b.runs(RetentionConfig.parseAge("retention.runs", v)));
            text(s, "logs").ifPresent(v -> b.logs(RetentionConfig.parseAge("retention.logs", v)));
            text(s, "assets").ifPresent(v -> b.assets(RetentionConfig.parseAge("retention.assets", v)));
            text(s, "audit").ifPresent(v -> b.audit(RetentionConfig.parseAge("retention.audit", v)));
            text(s, "pause").ifPresent(v -> b.pause(pause(v)));
            text(s, "interval").ifPresent(v -> b.interval(RetentionConfig.parseAge("retention.interval", v)));
            text(s, "keep-last-per-dag").ifPresent(v -> b.keepLastPerDag(number(s, "keep-last-per-dag", v)));
            text(s, "batch-size").ifPresent(v -> b.batchSize(number(s, "batch-size", v)));
            return b.build();
        } catch (InvalidInputException e) {
            throw new SettingsException(e.getMessage() + " (in " + s.file() + ")");
        }
    }

    private static Duration pause(String v) {
        try {
            Duration d = Duration.parse(v.strip());
            if (!d.isNegative()) {
                return d;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // reported below
        }
        throw new InvalidInputException("retention.pause must be an ISO-8601 duration, 0 or more, such as PT0.2S, was '"
                + v + "'");
    }

    private static java.util.Optional<String> text(Section s, String key) {
        Config n = s.section().get(key);
        if (!n.exists()) {
            return java.util.Optional.empty();
        }
        if (n.type() != Config.Type.VALUE) {
            throw new SettingsException("retention." + key + " must be a single value (in " + s.file() + ")");
        }
        return n.asString().asOptional();
    }

    private static int number(Section s, String key, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new SettingsException("retention." + key + " must be a whole number, was '" + v + "' (in " + s.file() + ")");
        }
    }
}
