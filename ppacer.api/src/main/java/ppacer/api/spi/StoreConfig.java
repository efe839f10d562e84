package ppacer.api.spi;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where and how to open a store.
 *
 * <p>Common options (providers document their own): {@code user}, {@code password},
 * {@code poolSize}, {@code timeout} (ISO-8601 or milliseconds), {@code synchronous} (SQLite:
 * {@code NORMAL} or {@code FULL}). {@link #toString()} and {@link #redactedUrl()} never show a password.
 *
 * @param url the JDBC URL, e.g. {@code jdbc:sqlite:ppacer.db}
 * @param options provider options
 * @param clock the clock used for timestamps the store writes on its own (e.g. migrations)
 */
public record StoreConfig(String url, Map<String, String> options, InstantSource clock) {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    /** Validates and copies. */
    public StoreConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clock, "clock");
        options = Map.copyOf(options);
    }

    /**
     * A config with no options and the system clock.
     *
     * @param url the JDBC URL
     * @return the config
     */
    public static StoreConfig of(String url) {
        return new StoreConfig(url, Map.of(), InstantSource.system());
    }

    /**
     * A copy with one more option.
     *
     * @param key the option name
     * @param value its value
     * @return the new config
     */
    public StoreConfig with(String key, String value) {
        Map<String, String> m = new TreeMap<>(options);
        m.put(key, value);
        return new StoreConfig(url, m, clock);
    }

    /**
     * Refuses options the provider does not know, so that a misspelt option is an error rather than
     * silently ignored.
     *
     * @param store the store, for the message (e.g. {@code sqlite})
     * @param known the option names the provider reads
     * @throws StoreException naming the unknown options and the known ones (never their values)
     */
    public void requireKnownOptions(String store, Set<String> known) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new StoreException("Unknown store option" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown.stream().map(k -> "'" + k + "'").toList()) + " for " + store
                    + "; expected " + new TreeSet<>(known));
        }
    }

    /**
     * @param key an option name
     * @return its value, if set
     */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /**
     * A duration option, in ISO-8601 ({@code PT5S}) or plain milliseconds.
     *
     * @param key the option name
     * @param fallback used when unset
     * @return the duration
     * @throws StoreException naming the option and value when it does not parse
     */
    public Duration durationOption(String key, Duration fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v);
        } catch (RuntimeException e) {
            throw new StoreException("Store option '" + key + "' must be a duration (e.g. PT5S or 5000), was '" + v + "'");
        }
    }

    /**
     * An integer option.
     *
     * @param key the option name
     * @param fallback used when unset
     * @return the value
     * @throws StoreException naming the option and value when it does not parse
     */
    public int intOption(String key, int fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new StoreException("Store option '" + key + "' must be an integer, was '" + v + "'");
        }
    }

    /** @return the URL with any password replaced by {@code ***} */
    public String redactedUrl() {
        return redact(url);
    }

    /**
     * Removes passwords from a JDBC URL ({@code password=...} parameters and {@code user:pass@}).
     *
     * @param url a URL
     * @return the URL with passwords replaced by {@code ***}
     */
    public static String redact(String url) {
        String s = URL_PASSWORD.matcher(url).replaceAll("$1***");
        return URL_USERINFO.matcher(s).replaceAll("$1***@");
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(options);
        shown.replaceAll((k, v) -> k.toLowerCase(java.util.Locale.ROOT).contains("password") ? "***" : v);
        return "StoreConfig[url=" + redactedUrl() + ", options=" + shown + "]";
    }
}
