package ppacer.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.AssetEventSource;
import ppacer.api.AssetNames;

/**
 * An asset event to record.
 *
 * @param asset the asset name
 * @param at the record time (kept to the microsecond, as stores keep it)
 * @param source the producer: for a task attempt, the attempt is the event's idempotency (one event
 *     per asset and attempt however often the success is reported)
 * @param metadataJson a JSON object text, at most {@value #MAX_METADATA_CHARS} characters
 * @param idempotencyKey an external producer's key: a second event of the asset with the same key
 *     records nothing and gives back the first
 */
public record NewAssetEvent(String asset, Instant at, AssetEventSource source, String metadataJson,
                            Optional<String> idempotencyKey) {
    /** Most characters of an event's metadata JSON text. */
    public static final int MAX_METADATA_CHARS = 16_384;
    /** Most characters of an idempotency key. */
    public static final int MAX_KEY_CHARS = 200;

    /** Validates. */
    public NewAssetEvent {
        if (!AssetNames.isValid(asset)) {
            throw new IllegalArgumentException("Invalid asset name '" + asset + "': expected " + AssetNames.describeRule());
        }
        at = Objects.requireNonNull(at, "at").truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as stored
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(metadataJson, "metadataJson");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (metadataJson.length() > MAX_METADATA_CHARS) {
            throw new IllegalArgumentException("Asset event metadata of '" + asset + "' is " + metadataJson.length()
                    + " characters; at most " + MAX_METADATA_CHARS);
        }
        if (idempotencyKey.isPresent() && (idempotencyKey.get().isEmpty() || idempotencyKey.get().length() > MAX_KEY_CHARS)) {
            throw new IllegalArgumentException("Idempotency key of an event of '" + asset + "' must be 1-" + MAX_KEY_CHARS
                    + " characters, was " + idempotencyKey.get().length());
        }
    }
}
