package ppacer.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded change of an asset: a producing task's success, or an event posted by an external
 * system.
 *
 * @param id the event id, increasing in insert order
 * @param asset the asset name
 * @param at when it was recorded
 * @param source who produced it
 * @param metadataJson a small JSON object given by the producer ({@code {}} when none)
 * @param idempotencyKey the key an external producer gave so that a repeated post records nothing new
 */
public record AssetEvent(long id, String asset, Instant at, AssetEventSource source, String metadataJson,
                         Optional<String> idempotencyKey) {
    /** Validates. */
    public AssetEvent {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(metadataJson, "metadataJson");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
