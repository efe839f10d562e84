package ppacer.tasks;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import ppacer.api.TaskContext;

/**
 * A {@link Sensor} condition: a file matching a glob exists. The directory part is literal, the last
 * part a glob ({@code /data/orders/*.csv}, {@code /in/report-????.json}); a pattern without glob
 * characters waits for that exact file. Directories do not match.
 *
 * @param pattern the path or glob
 */
public record FileExists(String pattern) implements Sensor.Condition {
    /** Validates. */
    public FileExists {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("FileExists: the pattern must not be blank");
        }
    }

    @Override
    public Optional<String> check(TaskContext context) throws IOException {
        Path full = Path.of(pattern);
        Path dir = full.getParent() == null ? Path.of(".") : full.getParent();
        String glob = full.getFileName().toString();
        if (!Files.isDirectory(dir)) {
            return Optional.of("directory " + dir + " of " + pattern + " not found");
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.list(dir)) {
            Optional<Path> found = files.filter(p -> m.matches(p.getFileName()) && Files.isRegularFile(p)).findFirst();
            if (found.isPresent()) {
                context.logger().info("Found " + found.get() + " matching " + pattern);
                return Optional.empty();
            }
        }
        return Optional.of("file " + pattern + " not found");
    }

    @Override
    public String definition() {
        return Definition.of(FileExists.class).add("pattern", pattern).toString();
    }
}
