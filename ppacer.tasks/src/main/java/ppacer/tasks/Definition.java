package ppacer.tasks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes the settings of a built-in task for {@link ppacer.api.Task#definition()}: strings quoted
 * (so that {@code ["a b"]} and {@code ["a", "b"]} differ), lists in order, maps sorted by key.
 */
final class Definition {
    private final StringBuilder out;

    private Definition(Class<?> type) {
        out = new StringBuilder(type.getName());
    }

    static Definition of(Class<?> type) {
        return new Definition(type);
    }

    Definition add(String name, String value) {
        out.append(' ').append(name).append('=').append(quote(value));
        return this;
    }

    Definition add(String name, List<String> values) {
        out.append(' ').append(name).append('=')
                .append(values.stream().map(Definition::quote).collect(Collectors.joining(",", "[", "]")));
        return this;
    }

    Definition add(String name, Map<String, String> values) {
        out.append(' ').append(name).append('=').append(new TreeMap<>(values).entrySet().stream()
                .map(e -> quote(e.getKey()) + ':' + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}")));
        return this;
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
