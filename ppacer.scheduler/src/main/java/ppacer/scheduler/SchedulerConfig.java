package ppacer.scheduler;

import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import ppacer.api.DagRegistry;
import ppacer.api.Notifier;
import ppacer.api.spi.Store;
import ppacer.api.spi.Tracing;
import ppacer.scheduler.model.DagCatalog;
import ppacer.scheduler.model.InvalidInputException;

/**
 * Settings of a {@link Scheduler}. Immutable; built with {@link #builder(DagRegistry)}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>storeUrl</td><td>{@code jdbc:sqlite:ppacer.db}</td><td>store opened (and closed) by the scheduler</td></tr>
 *   <tr><td>store</td><td>none</td><td>an open store to use instead (not closed by the scheduler)</td></tr>
 *   <tr><td>clock</td><td>system</td><td>every "now" of the scheduler</td></tr>
 *   <tr><td>zone</td><td>system default</td><td>zone of displayed times (alerts)</td></tr>
 *   <tr><td>leaseDuration</td><td>10 s</td><td>an attempt's lease: hand-out + duration, each heartbeat extends it to
 *       now + duration (never past start + task timeout + duration); an executor whose heartbeats stop loses its
 *       attempts after this. Keep it at least 3 × the executors' heartbeat interval (3 s by default)</td></tr>
 *   <tr><td>leaseGrace</td><td>30 s</td><td>at startup or takeover, a lease found expired less than this ago gets
 *       one grace from now (its executor may not have reached the new scheduler yet)</td></tr>
 *   <tr><td>queueCapacity</td><td>10,000</td><td>task attempts queued (ready plus waiting for a retry delay)</td></tr>
 *   <tr><td>maxRunningTasks</td><td>1,024</td><td>attempts handed out and not yet reported, over all DAGs</td></tr>
 *   <tr><td>stopTimeout</td><td>30 s</td><td>how long {@link Scheduler#close()} waits for running attempts</td></tr>
 *   <tr><td>notifiers</td><td>ServiceLoader, else a logging notifier</td><td>alert targets for tasks without their own</td></tr>
 *   <tr><td>notificationQueue</td><td>1,000</td><td>alerts waiting to be sent; more are dropped and logged</td></tr>
 *   <tr><td>random</td><td>{@link RandomGenerator#getDefault()}</td><td>retry-delay jitter</td></tr>
 *   <tr><td>ha</td><td>{@link HaConfig#defaults()}</td><td>node id, advertised URL, leader lease TTL and renew interval</td></tr>
 *   <tr><td>maxOutputBytes</td><td>64 KiB</td><td>the largest task output accepted (at most
 *       {@value #MAX_OUTPUT_LIMIT} bytes); a larger one fails its attempt with a message naming the task and size</td></tr>
 *   <tr><td>pools</td><td>none</td><td>pool sizes (name → slots, 0 or more) for tasks that declare a pool; seeded
 *       into the store at start: a pool last set by the configuration follows it, one set at run time
 *       ({@link Scheduler#setPool}) keeps its size until deleted</td></tr>
 *   <tr><td>maxMapItems</td><td>1,024</td><td>the most instances one expansion of a mapped task may have (at most
 *       {@value #MAX_MAP_ITEMS_LIMIT}); a longer list fails the parent with a message naming the task, the count and
 *       the limit</td></tr>
 *   <tr><td>tracing</td><td>{@link Tracing#OFF}</td><td>spans of runs, attempts and slow store writes (opened and
 *       closed by the caller, e.g. {@link Tracing#open})</td></tr>
 *   <tr><td>retention</td><td>{@link RetentionConfig#off()}</td><td>what the leader deletes on a timer, in small
 *       batches (runs, task logs, other purgers), each kind with its own age</td></tr>
 * </table>
 *
 * @param registry the DAGs of a fixed catalog ({@link #builder(DagRegistry)}), empty for one that changes (the
 *     config keeps no DAG of a version that was replaced); read {@link #registry()}
 * @param storeUrl the store URL, used when {@code store} is empty
 * @param storeOptions store options for {@code storeUrl}
 * @param store an open store to use
 * @param clock the clock
 * @param zone the display zone
 * @param leaseGrace the lease grace at startup and takeover
 * @param leaseDuration how long a lease lasts without a heartbeat
 * @param queueCapacity the task queue capacity
 * @param maxRunningTasks the global running-task limit
 * @param stopTimeout the graceful-stop wait
 * @param notifiers explicit notifiers, or empty for discovery
 * @param notificationQueue the alert queue capacity
 * @param random the jitter source
 * @param ha high-availability settings (node id, advertised URL, leader lease)
 * @param maxOutputBytes the largest task output accepted, in bytes
 * @param pools configured pool sizes by name
 * @param maxMapItems the most instances one expansion of a mapped task may have
 * @param tracing where spans go
 * @param retention what the leader deletes on a timer
 * @param catalog the DAGs, which may change while the scheduler runs ({@link #registry()} is its
 *     {@link DagCatalog#current()})
 * @param dropAssetEventsWhilePaused whether a paused DAG scheduled on assets drops the asset events
 *     recorded while it is paused (true) or keeps them for its first run after unpausing (false, the
 *     default)
 */
public record SchedulerConfig(DagRegistry registry, String storeUrl, Map<String, String> storeOptions, Optional<Store> store,
                              InstantSource clock, ZoneId zone, Duration leaseGrace, Duration leaseDuration,
                              int queueCapacity, int maxRunningTasks,
                              Duration stopTimeout, Optional<List<Notifier>> notifiers, int notificationQueue,
                              RandomGenerator random, HaConfig ha, int maxOutputBytes,
                              Map<String, Integer> pools, int maxMapItems, Tracing tracing,
                              RetentionConfig retention, DagCatalog catalog, boolean dropAssetEventsWhilePaused) {
    /** Default store URL. */
    public static final String DEFAULT_STORE_URL = "jdbc:sqlite:ppacer.db";
    /** The default {@link #maxOutputBytes()}: 64 KiB. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
    /** The largest {@link #maxMapItems()} allowed: 100,000 instances per expansion. */
    public static final int MAX_MAP_ITEMS_LIMIT = 100_000;
    /** The largest {@link #maxOutputBytes()} allowed: 16 MiB (the MySQL store's column holds that much). */
    public static final int MAX_OUTPUT_LIMIT = 16 * 1024 * 1024 - 1;

    /** Validates. */
    public SchedulerConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(storeUrl, "storeUrl");
        storeOptions = Map.copyOf(storeOptions);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(ha, "ha");
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(catalog, "catalog");
        notifiers = notifiers.map(List::copyOf);
        pools = Map.copyOf(pools);
        for (Map.Entry<String, Integer> p : pools.entrySet()) {
            if (!ppacer.api.Ids.isValid(p.getKey())) {
                throw new InvalidInputException("pool name '" + p.getKey() + "' is not valid: 1-128 characters from "
                        + "[A-Za-z0-9_.-], not starting with '.' or '-'");
            }
            if (p.getValue() < 0) {
                throw new InvalidInputException("pool '" + p.getKey() + "' must have 0 or more slots, was " + p.getValue());
            }
        }
        if (leaseGrace.isNegative()) {
            throw new InvalidInputException("leaseGrace must not be negative, was " + leaseGrace);
        }
        if (!leaseDuration.isPositive()) {
            throw new InvalidInputException("leaseDuration must be positive, was " + leaseDuration);
        }
        if (queueCapacity < 1 || maxRunningTasks < 1 || notificationQueue < 1) {
            throw new InvalidInputException("queueCapacity, maxRunningTasks and notificationQueue must be >= 1, were "
                    + queueCapacity + ", " + maxRunningTasks + ", " + notificationQueue);
        }
        if (stopTimeout.isNegative()) {
            throw new InvalidInputException("stopTimeout must not be negative, was " + stopTimeout);
        }
        if (maxOutputBytes < 0 || maxOutputBytes > MAX_OUTPUT_LIMIT) {
            throw new InvalidInputException("maxOutputBytes must be 0.." + MAX_OUTPUT_LIMIT + " (16 MiB), was "
                    + maxOutputBytes + "; pass large data by reference instead");
        }
        if (maxMapItems < 1 || maxMapItems > MAX_MAP_ITEMS_LIMIT) {
            throw new InvalidInputException("maxMapItems must be 1.." + MAX_MAP_ITEMS_LIMIT + ", was " + maxMapItems);
        }
    }

    /**
     * @return the DAGs new runs use now: {@link #catalog()}'s current ones
     */
    @Override
    public DagRegistry registry() {
        return catalog.current();
    }

    /**
     * @param registry the DAGs to schedule
     * @return a builder with the defaults
     */
    public static Builder builder(DagRegistry registry) {
        return new Builder(DagCatalog.fixed(registry), registry);
    }

    /**
     * @param catalog the DAGs to schedule, which may change while the scheduler runs (DAG bundles)
     * @return a builder with the defaults
     */
    public static Builder builder(DagCatalog catalog) {
        return new Builder(catalog, DagRegistry.of());
    }

    /** Builds a {@link SchedulerConfig}. */
    public static final class Builder {
        private final DagCatalog catalog;
        private final DagRegistry fixed;
        private String storeUrl = DEFAULT_STORE_URL;
        private Map<String, String> storeOptions = Map.of();
        private Store store;
        private InstantSource clock = InstantSource.system();
        private ZoneId zone = ZoneId.systemDefault();
        private Duration leaseGrace = Duration.ofSeconds(30);
        private Duration leaseDuration = Duration.ofSeconds(10);
        private int queueCapacity = 10_000;
        private int maxRunningTasks = 1024;
        private Duration stopTimeout = Duration.ofSeconds(30);
        private List<Notifier> notifiers;
        private int notificationQueue = 1000;
        private int maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
        private int maxMapItems = ppacer.api.TaskMapping.DEFAULT_MAX_ITEMS;
        private Tracing tracing = Tracing.OFF;
        private RandomGenerator random = RandomGenerator.getDefault();
        private HaConfig ha = HaConfig.defaults();
        private Map<String, Integer> pools = Map.of();
        private RetentionConfig retention = RetentionConfig.off();
        private boolean dropAssetEventsWhilePaused;

        private Builder(DagCatalog catalog, DagRegistry fixed) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            this.fixed = fixed;
        }

        /** @param url the store JDBC URL @return this builder */
        public Builder storeUrl(String url) {
            storeUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** @param options store options @return this builder */
        public Builder storeOptions(Map<String, String> options) {
            storeOptions = Map.copyOf(options);
            return this;
        }

        /** @param value an open store, which the scheduler will not close @return this builder */
        public Builder store(Store value) {
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** @param value the clock @return this builder */
        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @param value the display zone @return this builder */
        public Builder zone(ZoneId value) {
            zone = Objects.requireNonNull(value, "zone");
            return this;
        }

        /** @param value the lease grace @return this builder */
        public Builder leaseGrace(Duration value) {
            leaseGrace = Objects.requireNonNull(value, "leaseGrace");
            return this;
        }

        /**
         * @param value how long a lease lasts without a heartbeat (at least 3 × the executors' heartbeat interval)
         * @return this builder
         */
        public Builder leaseDuration(Duration value) {
            leaseDuration = Objects.requireNonNull(value, "leaseDuration");
            return this;
        }

        /** @param value the task queue capacity @return this builder */
        public Builder queueCapacity(int value) {
            queueCapacity = value;
            return this;
        }

        /** @param value the global running-task limit @return this builder */
        public Builder maxRunningTasks(int value) {
            maxRunningTasks = value;
            return this;
        }

        /** @param value how long close() waits for running attempts @return this builder */
        public Builder stopTimeout(Duration value) {
            stopTimeout = Objects.requireNonNull(value, "stopTimeout");
            return this;
        }

        /** @param value the notifiers for tasks without their own (replaces discovery) @return this builder */
        public Builder notifiers(List<Notifier> value) {
            notifiers = List.copyOf(value);
            return this;
        }

        /** @param value alerts that may wait to be sent @return this builder */
        public Builder notificationQueue(int value) {
            notificationQueue = value;
            return this;
        }

        /** @param value the jitter source @return this builder */
        public Builder random(RandomGenerator value) {
            random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** @param value high-availability settings @return this builder */
        public Builder ha(HaConfig value) {
            ha = Objects.requireNonNull(value, "ha");
            return this;
        }

        /** @param value the largest task output accepted, in bytes (0 refuses every output) @return this builder */
        public Builder maxOutputBytes(int value) {
            maxOutputBytes = value;
            return this;
        }

        /**
         * @param value pool sizes by name (slots, 0 or more), replacing earlier ones (tasks declare theirs with
         *     {@link ppacer.api.TaskConfig.Builder#pool(String)})
         * @return this builder
         */
        public Builder pools(Map<String, Integer> value) {
            pools = Map.copyOf(value);
            return this;
        }

        /**
         * @param name a pool
         * @param slots its size, 0 or more
         * @return this builder
         */
        public Builder pool(String name, int slots) {
            Map<String, Integer> copy = new java.util.HashMap<>(pools);
            copy.put(Objects.requireNonNull(name, "name"), slots);
            pools = Map.copyOf(copy);
            return this;
        }

        /**
         * @param value the most instances one expansion of a mapped task may have (1..{@value #MAX_MAP_ITEMS_LIMIT},
         *     default 1,024)
         * @return this builder
         */
        public Builder maxMapItems(int value) {
            maxMapItems = value;
            return this;
        }

        /**
         * @param value where spans go (default {@link Tracing#OFF}); not closed by the scheduler
         * @return this builder
         */
        public Builder tracing(Tracing value) {
            tracing = Objects.requireNonNull(value, "tracing");
            return this;
        }

        /**
         * @param value what the leader deletes on a timer (e.g.
         *     {@code RetentionConfig.builder().runs(Duration.ofDays(90)).logs(Duration.ofDays(30)).build()})
         * @return this builder
         */
        public Builder retention(RetentionConfig value) {
            retention = Objects.requireNonNull(value, "retention");
            return this;
        }

        /**
         * @param value true: a paused DAG scheduled on assets drops the asset events recorded while it
         *     is paused; false (default): it keeps them, and its first pass after unpausing consumes them
         * @return this builder
         */
        public Builder dropAssetEventsWhilePaused(boolean value) {
            dropAssetEventsWhilePaused = value;
            return this;
        }

        /** @return the config */
        public SchedulerConfig build() {
            return new SchedulerConfig(fixed, storeUrl, storeOptions, Optional.ofNullable(store), clock, zone, leaseGrace,
                    leaseDuration, queueCapacity, maxRunningTasks, stopTimeout, Optional.ofNullable(notifiers), notificationQueue, random, ha,
                    maxOutputBytes, pools, maxMapItems, tracing,
                    retention, catalog, dropAssetEventsWhilePaused);
        }
    }
}
