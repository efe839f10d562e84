package ppacer.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import ppacer.api.AssetEvent;

/**
 * The {@code asset_events}, {@code asset_consumers} and {@code asset_consumptions} tables: asset
 * events, the assets each consumer DAG watches (and from which event on), and which events each
 * consumer already took (with the run that took them) or dropped.
 *
 * <p>Exactly once: an event is consumed by a DAG when a row ({@code dag_id}, {@code event_id}) is
 * inserted, in the transaction that inserts the run; the pair is the primary key, so no event is
 * applied twice to the same consumer, and an event stays pending until such a commit.
 */
public interface AssetStore {
    /**
     * Records an event, idempotently: when the asset already has an event with the same idempotency
     * key, or (for a task source) of the same attempt, nothing is inserted and that event is returned.
     * The audit row, when given, is written in the same transaction, only when the event is created.
     *
     * @param event the event
     * @param audit the operator action, if any
     * @return the stored event and whether this call created it
     */
    RecordedAssetEvent record(NewAssetEvent event, Optional<AuditEntry> audit);

    /**
     * @param eventId an event id
     * @return the event
     */
    Optional<AssetEvent> find(long eventId);

    /**
     * A page of an asset's events, newest first.
     *
     * @param asset the asset
     * @param beforeId only events with a smaller id, for the next page
     * @param limit the most events
     * @return the events
     */
    List<AssetEvent> events(String asset, OptionalLong beforeId, int limit);

    /** @return the newest event of every asset that has one, by asset name */
    List<AssetEvent> latestPerAsset();

    /**
     * Makes a DAG a consumer of assets from now on: for each asset it does not watch yet, events
     * recorded before this call are not pending for it. Assets it watched and no longer names stay
     * (harmless: they are only read for the assets its condition names).
     *
     * @param dagId the consumer DAG
     * @param assets the assets its condition names
     */
    void watch(String dagId, Set<String> assets);

    /**
     * The pending events of a consumer: events of the given assets it watches, recorded after it
     * started watching each, neither consumed nor dropped by it; oldest first.
     *
     * @param dagId the consumer DAG
     * @param assets the assets its condition names
     * @return the pending events
     */
    List<AssetEvent> pending(String dagId, Set<String> assets);

    /**
     * Inserts a run that consumes events, in one transaction: the run row, then one consumption row
     * per event. When one of the events is already consumed or dropped by the run's DAG nothing is
     * written.
     *
     * @param run the run
     * @param eventIds the events it consumes, at least one
     * @return the run id, empty when an event was already consumed
     * @throws DuplicateKeyException when the DAG already has a run at that logical time
     */
    OptionalLong insertRunConsuming(NewDagRun run, List<Long> eventIds);

    /**
     * Marks events as dropped by a consumer (consumed by no run), e.g. for a paused consumer set to
     * drop them. Events already consumed or dropped are left as they are.
     *
     * @param dagId the consumer DAG
     * @param eventIds the events
     * @param at the drop time
     * @return how many were dropped by this call
     */
    int drop(String dagId, List<Long> eventIds, Instant at);

    /**
     * @param runId a run
     * @return the events the run consumed (its triggering events), oldest first
     */
    List<AssetEvent> consumedBy(long runId);

    /**
     * Deletes, oldest first, up to {@code batchSize} events recorded before {@code cutoff} that nothing
     * needs any more, with their consumption rows, in one transaction. An event stays while it is
     * the newest event of its asset (what the asset's page and a new consumer's start point show),
     * while it is pending for an active consumer DAG (one that watches its asset since before it and
     * has neither consumed nor dropped it), or while a run that consumed it is still stored (its
     * triggering events).
     *
     * @param cutoff events recorded before this may go
     * @param batchSize the most events deleted, 1 or more
     * @return how many events were deleted
     */
    int purgeOlderThan(Instant cutoff, int batchSize);

    /**
     * @param cutoff as for {@link #purgeOlderThan}
     * @return how many events repeated {@link #purgeOlderThan} calls would delete now
     */
    long countPurgeable(Instant cutoff);
}
