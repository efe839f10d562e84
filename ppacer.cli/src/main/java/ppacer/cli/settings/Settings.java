package ppacer.cli.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import ppacer.notify.AlertRoutes;

/**
 * Resolved settings: each value with where it came from (for error messages). Built by
 * {@link SettingsLoader}; the typed accessors validate and name the source of a bad value.
 */
public final class Settings {
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");

    private final Map<Setting, String> values;
    private final Map<Setting, String> sources;

    private final Optional<NotificationSettings.Section> notifications;
    private final Optional<PoolSettings.Section> pools;
    private final TracingSettings.Section tracing;
    private final Optional<RetentionSettings.Section> retention;

    Settings(Map<Setting, String> values, Map<Setting, String> sources,
             Optional<NotificationSettings.Section> notifications, Optional<PoolSettings.Section> pools,
             TracingSettings.Section tracing, Optional<RetentionSettings.Section> retention) {
        this.notifications = notifications;
        this.pools = pools;
        this.tracing = tracing;
        this.retention = retention;
        this.values = new EnumMap<>(Setting.class);
        this.values.putAll(values);
        this.sources = new EnumMap<>(Setting.class);
        this.sources.putAll(sources);
    }

    /**
     * @param setting a setting
     * @return its value, empty when unset and without a fixed default
     */
    public Optional<String> value(Setting setting) {
        return Optional.ofNullable(values.get(setting));
    }

    /**
     * @param setting a setting
     * @return where its value came from: the flag, the environment variable, the file or "default"
     */
    public String source(Setting setting) {
        return sources.getOrDefault(setting, "default");
    }

    /**
     * The file's {@code tracing} section (off when absent) with {@code OTEL_EXPORTER_OTLP_ENDPOINT} and
     * {@code OTEL_SERVICE_NAME} applied.
     *
     * @return the tracing settings
     * @throws SettingsException naming the key and the file when a value is bad
     */
    public ppacer.api.spi.TracingConfig tracing() {
        return TracingSettings.parse(tracing);
    }

    /**
     * The alert targets of the file's {@code notifications} section, per DAG and by default; its
     * {@code ${NAME}} references are read from the environment now. Only the commands that schedule
     * call this, so a client command does not need the secrets.
     *
     * @return the routes, empty when the file has no such section (the scheduler then uses its own
     *         default: discovered notifiers, else the log)
     * @throws SettingsException naming the key, the value and the file when the section cannot be used
     */
    public Optional<AlertRoutes> notifications() {
        return notifications.map(n -> NotificationSettings.parse(n.section(), n.file(), n.env(), scheduler()));
    }

    /**
     * The pool sizes of the file's {@code pools} section ({@code pools: {warehouse: 8}}). Only the
     * commands that schedule call this.
     *
     * @return pool name → slots; empty without the section
     * @throws SettingsException naming the key, the value and the file when a name or size is bad
     */
    public Map<String, Integer> pools() {
        return pools.map(PoolSettings::parse).orElse(Map.of());
    }

    /**
     * The file's {@code retention} section ({@code retention: {runs: P90D, logs: P30D, keep-last-per-dag: 100}}).
     * Only the commands that schedule call this.
     *
     * @return the retention; off without the section
     * @throws SettingsException naming the key, the value and the file when an entry is bad
     */
    public ppacer.scheduler.RetentionConfig retention() {
        return retention.map(RetentionSettings::parse).orElseGet(ppacer.scheduler.RetentionConfig::off);
    }

    /** @return the store URL */
    public String db() {
        return values.get(Setting.DB);
    }

    /**
     * @return the store options: {@code KEY=VALUE} pairs separated by commas, in order; empty when unset
     */
    public Map<String, String> dbOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        String v = values.get(Setting.DB_OPTIONS);
        if (v == null || v.isBlank()) {
            return out;
        }
        for (String pair : v.split(",")) {
            int eq = pair.indexOf('=');
            String key = eq > 0 ? pair.substring(0, eq).trim() : "";
            if (key.isEmpty() || out.containsKey(key)) {
                throw bad(Setting.DB_OPTIONS, "KEY=VALUE pairs separated by commas, each key once, e.g. "
                        + "synchronous=FULL,timeout=PT10S");
            }
            out.put(key, pair.substring(eq + 1).trim());
        }
        return out;
    }

    /** @return the address to bind */
    public String host() {
        return values.get(Setting.HOST);
    }

    /** @return the port, 0 to 65535 */
    public int port() {
        return intValue(Setting.PORT, 0, 65535);
    }

    /** @return the bearer token */
    public Optional<String> token() {
        return value(Setting.TOKEN).filter(t -> !t.isEmpty());
    }

    /** @return whether reads need the token too */
    public boolean protectReads() {
        String v = values.get(Setting.PROTECT_READS);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(Setting.PROTECT_READS, "true or false");
        };
    }

    /** @return the display zone (system default when unset) */
    public ZoneId zone() {
        Optional<String> v = value(Setting.ZONE);
        if (v.isEmpty()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(v.get());
        } catch (DateTimeException e) {
            throw bad(Setting.ZONE, "a zone id such as UTC or Europe/Warsaw");
        }
    }

    /** @return the scheduler client commands talk to: the first of {@link #schedulers()} */
    public URI scheduler() {
        return schedulers().getFirst();
    }

    /**
     * @return the schedulers to talk to, in order: the setting's comma-separated URLs (each an
     *         http(s) URL), else {@code http://127.0.0.1:<port>}
     */
    public List<URI> schedulers() {
        Optional<String> v = value(Setting.SCHEDULER);
        if (v.isEmpty()) {
            String host = host().equals("0.0.0.0") || host().equals("::") ? "127.0.0.1" : host();
            return List.of(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port()));
        }
        List<URI> out = new ArrayList<>();
        for (String part : v.get().split(",")) {
            String url = part.strip();
            if (!url.isEmpty()) {
                out.add(httpUrl(url));
            }
        }
        if (out.isEmpty()) {
            throw bad(Setting.SCHEDULER, "one or more http(s) URLs separated by commas, e.g."
                    + " http://sched-1:9321,http://sched-2:9321");
        }
        return List.copyOf(out);
    }

    private URI httpUrl(String url) {
        String expected = "http(s) URLs such as http://127.0.0.1:9321, separated by commas; '" + url + "' is not one";
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw bad(Setting.SCHEDULER, expected);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw bad(Setting.SCHEDULER, expected);
        }
    }

    /**
     * @return an executor's request timeout (but long polls): {@code 500ms}, {@code 3s} or an ISO-8601
     *         duration such as {@code PT3S}, from 1 ms to 5 minutes
     */
    public Duration requestTimeout() {
        return duration(Setting.REQUEST_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(5),
                "a duration from 1ms to 5 minutes such as 500ms, 3s or PT3S");
    }

    /**
     * @return the scheduler's HA node id, empty when unset (the scheduler then draws one per process):
     *         1-255 letters, digits, '.', '_', ':' and '-', starting with a letter or digit ('@' and
     *         '#' separate the node id in its in-process executor's id)
     */
    public Optional<String> nodeId() {
        Optional<String> v = value(Setting.NODE_ID);
        if (v.isPresent() && !NODE_ID.matcher(v.get()).matches()) {
            throw bad(Setting.NODE_ID, "1-255 characters: letters, digits, '.', '_', ':' and '-', starting with a"
                    + " letter or digit");
        }
        return v;
    }

    /** @return the HTTP server's read timeout (headers, then body), from 10 ms to 1 hour */
    public Duration readTimeout() {
        return serverTimeout(Setting.READ_TIMEOUT);
    }

    /** @return how long the HTTP server keeps a connection without a request, from 10 ms to 1 hour */
    public Duration idleTimeout() {
        return serverTimeout(Setting.IDLE_TIMEOUT);
    }

    /** @return the most HTTP connections open at once, at least 1 */
    public int maxConnections() {
        return intValue(Setting.MAX_CONNECTIONS, 1, 1_000_000);
    }

    /** @return the most HTTP requests handled at once, at least 1 */
    public int maxConcurrentRequests() {
        return intValue(Setting.MAX_CONCURRENT_REQUESTS, 1, 1_000_000);
    }

    /** @return how long an attempt's lease lasts without a heartbeat, from 1 s to 1 hour */
    public Duration leaseDuration() {
        return duration(Setting.LEASE_DURATION, Duration.ofSeconds(1), Duration.ofHours(1),
                "a duration from 1s to 1 hour such as 500ms, 30s or PT30S");
    }

    /** @return the largest task output the scheduler accepts, from 0 (none) to 16 MiB - 1 bytes */
    public int maxOutputBytes() {
        return intValue(Setting.MAX_OUTPUT_BYTES, 0, ppacer.scheduler.SchedulerConfig.MAX_OUTPUT_LIMIT);
    }

    /** @return the most instances one expansion of a mapped task may have, from 1 to 100,000 */
    public int maxMapItems() {
        return intValue(Setting.MAX_MAP_ITEMS, 1, ppacer.scheduler.SchedulerConfig.MAX_MAP_ITEMS_LIMIT);
    }

    private Duration serverTimeout(Setting s) {
        return duration(s, Duration.ofMillis(10), Duration.ofHours(1),
                "a duration from 10ms to 1 hour such as 500ms, 30s or PT30S");
    }

    /**
     * A duration in the command line's syntax: {@code 500ms}, {@code 3s} or ISO-8601 such
     * as {@code PT3S}.
     */
    private Duration duration(Setting s, Duration min, Duration max, String expected) {
        String v = values.get(s).strip();
        Duration d = null;
        try {
            String lower = v.toLowerCase(Locale.ROOT);
            if (lower.matches("\\d{1,9}ms")) {
                d = Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
            } else if (lower.matches("\\d{1,9}s")) {
                d = Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
            } else if (lower.startsWith("pt")) {
                d = Duration.parse(v);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw bad(s, expected);
        }
        return d;
    }

    /**
     * @param workDir the working folder, which a relative setting is resolved against
     * @return the folder of DAG bundles: the setting (which must be a folder), else {@code dags} in
     *     the working folder when it is one, else empty
     * @throws SettingsException when the set folder is not a folder
     */
    public Optional<Path> dagsDir(Path workDir) {
        Optional<String> set = value(Setting.DAGS);
        if (set.isPresent()) {
            Path p = workDir.resolve(set.get());
            if (!Files.isDirectory(p)) {
                throw bad(Setting.DAGS, "a folder of DAG bundle jars; " + p + " is not a folder");
            }
            return Optional.of(p);
        }
        Path fallback = workDir.resolve("dags");
        return Files.isDirectory(fallback) ? Optional.of(fallback) : Optional.empty();
    }

    /**
     * @param workDir the working folder, which a relative setting is resolved against
     * @return an executor's bundle cache folder: the setting, else {@code .ppacer/bundle-cache} in the working folder
     */
    public Path bundleCache(Path workDir) {
        return workDir.resolve(value(Setting.BUNDLE_CACHE).orElse(".ppacer/bundle-cache"));
    }

    /** @return the bundle cache's size bound in bytes (the setting is in MiB, 1 to 1,048,576) */
    public long bundleCacheBytes() {
        return (long) intValue(Setting.BUNDLE_CACHE_MB, 1, 1 << 20) << 20;
    }

    /** @return how many tasks an executor runs at once, at least 1 */
    public int concurrency() {
        return intValue(Setting.CONCURRENCY, 1, 100_000);
    }

    /** @return the executor id: the setting, else {@code exec-<random>} */
    public String executorId() {
        return value(Setting.EXECUTOR_ID).orElseGet(() -> "exec-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private int intValue(Setting s, int min, int max) {
        String v = values.get(s);
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(s, "an integer from " + min + " to " + max);
    }

    private SettingsException bad(Setting s, String expected) {
        return new SettingsException("Setting " + s.yamlKey() + " must be " + expected + ", was '" + values.get(s)
                + "' (from " + source(s) + ")");
    }
}
