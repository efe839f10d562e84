package ppacer.scheduler.model;

import java.util.Objects;

/**
 * The item of an instance of a mapped task ({@link ppacer.api.TaskMapping}), handed out with it.
 *
 * @param index the instance's index ({@code 3} for {@code load[3]})
 * @param json the item as a JSON text
 */
public record MapItem(int index, String json) {
    /** Validates. */
    public MapItem {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        Objects.requireNonNull(json, "json");
    }
}
