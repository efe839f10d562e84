package ppacer.cli.settings;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ppacer.api.Ids;

/**
 * The {@code pools} section of {@code ppacer.yaml}: pool name → number of slots.
 *
 * <pre>
 * pools:
 *   warehouse: 8
 *   api_calls: 2
 * </pre>
 *
 * <p>A name follows the rules of DAG and task ids; a size is a whole number, 0 or more. A bad entry
 * is refused with its key ({@code pools.warehouse}), value and file.
 */
final class PoolSettings {
    /**
     * The section as read, parsed when a command asks for it.
     *
     * @param section the {@code pools} node
     * @param file the file it was read from
     */
    record Section(Config section, Path file) {
    }

    private PoolSettings() {
    }

    static Map<String, Integer> parse(Section s) {
        Config section = s.section();
        if (section.type() != Config.Type.OBJECT) {
            throw new SettingsException("pools must be a map of pool name to slots, such as {warehouse: 8}, was "
                    + section.asString().map(v -> "'" + v + "'").orElse(section.type() == Config.Type.LIST ? "a list"
                    : "empty") + " (in " + s.file() + ")");
        }
        Map<String, Integer> out = new TreeMap<>();
        for (Config pool : section.asNodeList().orElse(List.of())) {
            String key = "pools." + pool.name();
            if (!Ids.isValid(pool.name())) {
                throw new SettingsException(key + ": '" + pool.name() + "' is not a valid pool name: 1-128 characters "
                        + "from [A-Za-z0-9_.-], not starting with '.' or '-' (in " + s.file() + ")");
            }
            String value = pool.type() == Config.Type.VALUE ? pool.asString().orElse("") : null;
            int slots;
            try {
                slots = value == null ? -1 : Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                slots = -1;
            }
            if (slots < 0) {
                throw new SettingsException(key + " must be a whole number of slots, 0 or more, was "
                        + (value == null ? "a " + (pool.type() == Config.Type.LIST ? "list" : "map") : "'" + value + "'")
                        + " (in " + s.file() + ")");
            }
            out.put(pool.name(), slots);
        }
        return out;
    }
}
