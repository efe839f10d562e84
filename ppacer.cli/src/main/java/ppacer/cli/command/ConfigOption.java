package ppacer.cli.command;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command. */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML settings file (env PPACER_CONFIG; default ./ppacer.yaml when present).")
    Path file;

    Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
