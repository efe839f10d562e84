package ppacer.api.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link StoreProvider} for a URL among those visible to {@link ServiceLoader} and opens
 * the store. Every problem is reported: a URL no provider supports (listing the providers found),
 * two providers claiming one URL, and providers that failed to load.
 */
public final class Stores {
    private Stores() {
    }

    /**
     * A provider found on the module or class path.
     *
     * @param name the provider's name
     * @param module the module it comes from ("unnamed" on the class path)
     * @param provider the provider
     */
    public record Found(String name, String module, StoreProvider provider) {
        @Override
        public String toString() {
            return name + " (" + module + ")";
        }
    }

    /**
     * What discovery found.
     *
     * @param providers providers that loaded
     * @param failures messages of providers that failed to load
     */
    public record Discovery(List<Found> providers, List<String> failures) {
        /** Copies the lists. */
        public Discovery {
            providers = List.copyOf(providers);
            failures = List.copyOf(failures);
        }
    }

    /**
     * Loads every provider visible to {@code ppacer.api}'s service loader.
     *
     * @return the providers and the load failures
     */
    public static Discovery discover() {
        return discover(ServiceLoader.load(StoreProvider.class));
    }

    /**
     * Loads every provider of the given loader (for custom class loaders and layers).
     *
     * @param loader a service loader
     * @return the providers and the load failures
     */
    public static Discovery discover(ServiceLoader<StoreProvider> loader) {
        List<Found> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        var it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<StoreProvider> p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                failures.add(e.getMessage());
                continue;
            }
            try {
                StoreProvider provider = p.get();
                Module m = p.type().getModule();
                found.add(new Found(provider.name(), m.isNamed() ? m.getName() : "unnamed", provider));
            } catch (ServiceConfigurationError | RuntimeException e) {
                failures.add(p.type().getName() + ": " + e);
            }
        }
        return new Discovery(found, failures);
    }

    /**
     * The provider that supports the URL.
     *
     * @param url a JDBC URL
     * @param discovery what discovery found
     * @return the provider
     * @throws StoreException when none or several support it
     */
    public static StoreProvider providerFor(String url, Discovery discovery) {
        List<Found> matching = discovery.providers().stream().filter(f -> f.provider().supports(url)).toList();
        String failed = discovery.failures().isEmpty() ? "" : "; providers that failed to load: " + discovery.failures();
        if (matching.isEmpty()) {
            throw new StoreException("No store supports '" + StoreConfig.redact(url) + "'; found "
                    + discovery.providers() + failed + hint(url));
        }
        if (matching.size() > 1) {
            throw new StoreException("Several stores claim '" + StoreConfig.redact(url) + "': " + matching
                    + "; keep only one of them on the module path");
        }
        return matching.getFirst().provider();
    }

    /**
     * @param url a URL no provider supports
     * @return a suggestion when it looks like a known mistake: a bare file path (SQLite wants
     *     {@code jdbc:sqlite:}) or a URL without {@code jdbc:} ({@code postgres://...}); else ""
     */
    static String hint(String url) {
        String given = url.strip();
        String lower = given.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:") || lower.isEmpty()) {
            return "";
        }
        int scheme = lower.indexOf("://");
        if (scheme < 0) {
            return "; a SQLite file is given as jdbc:sqlite:PATH: did you mean 'jdbc:sqlite:" + given + "'?";
        }
        String jdbc = switch (lower.substring(0, scheme)) {
            case "postgres", "postgresql" -> "jdbc:postgresql";
            case "mysql" -> "jdbc:mysql";
            case "mariadb" -> "jdbc:mariadb";
            default -> null;
        };
        return jdbc == null ? "; a store URL is a JDBC URL: jdbc:sqlite:PATH, jdbc:postgresql://HOST/DB or jdbc:mysql://HOST/DB"
                : "; did you mean '" + StoreConfig.redact(jdbc + given.substring(scheme)) + "'?";
    }

    /**
     * Opens the store for {@code config.url()}.
     *
     * @param config the URL and options
     * @return the open store
     * @throws StoreException when no provider or several support the URL, or opening fails
     */
    public static Store open(StoreConfig config) {
        return providerFor(config.url(), discover()).open(config);
    }
}
