package ppacer.api.spi;

import java.util.Objects;
import ppacer.api.AssetEvent;

/**
 * The answer of {@link AssetStore#record}: the stored event and whether this call stored it.
 *
 * @param event the event (the earlier one when the call repeated an idempotency key or an attempt)
 * @param created true when this call inserted it
 */
public record RecordedAssetEvent(AssetEvent event, boolean created) {
    /** Validates. */
    public RecordedAssetEvent {
        Objects.requireNonNull(event, "event");
    }
}
