package ppacer.cli.settings;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import io.helidon.config.yaml.YamlConfigParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Resolves {@link Settings}: flags, then {@code PPACER_*} environment variables, then the YAML file,
 * then defaults. The file is {@code --config FILE}, else {@code $PPACER_CONFIG}, else
 * {@code ppacer.yaml} in the working directory when it exists; it is read with Helidon Config and
 * holds the keys of {@link Setting#yamlKey()} at its top level (unknown keys are refused); each
 * holds a single value, but {@code scheduler} may also be a list of URLs. Its {@code notifications}
 * section (alert targets, read only by the commands that schedule) is described in
 * {@link NotificationSettings}, its {@code pools} section (pool sizes) in {@link PoolSettings}.
 */
public final class SettingsLoader {
    /** The environment variable naming the configuration file. */
    public static final String CONFIG_ENV = "PPACER_CONFIG";
    /** The file read from the working directory when no other is named. */
    public static final String DEFAULT_FILE = "ppacer.yaml";
    /** The file's section of alert targets ({@link Settings#notifications()}), beside the settings. */
    public static final String NOTIFICATIONS = "notifications";
    /** The file's section of pool sizes ({@link Settings#pools()}), beside the settings. */
    public static final String POOLS = "pools";
    /** The file's tracing section ({@link Settings#tracing()}), beside the settings. */
    public static final String TRACING = "tracing";
    /** The file's section of retention ({@link Settings#retention()}), beside the settings. */
    public static final String RETENTION = "retention";

    private SettingsLoader() {
    }

    /**
     * @param flags values given as flags (absent flags are not in the map)
     * @param configFlag the {@code --config} value, if given
     * @param env the environment variables
     * @param workDir where {@code ppacer.yaml} is looked for
     * @return the resolved settings
     * @throws SettingsException when a named file is missing or the file cannot be read
     */
    public static Settings load(Map<Setting, String> flags, Optional<Path> configFlag, Map<String, String> env,
                                Path workDir) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, String> sources = new EnumMap<>(Setting.class);
        Optional<Path> file = configFile(configFlag, env, workDir);
        Optional<Config> config = file.map(SettingsLoader::parse);
        Map<Setting, String> fromFile = config.map(c -> values(c, file.get())).orElse(Map.of());
        Optional<NotificationSettings.Section> notifications = config.map(c -> c.get(NOTIFICATIONS))
                .filter(Config::exists).map(n -> new NotificationSettings.Section(n, file.get(), Map.copyOf(env)));
        for (Setting s : Setting.values()) {
            if (flags.containsKey(s)) {
                values.put(s, flags.get(s));
                sources.put(s, s.flag());
            } else if (env.containsKey(s.envVar())) {
                values.put(s, env.get(s.envVar()));
                sources.put(s, "$" + s.envVar());
            } else if (fromFile.containsKey(s)) {
                values.put(s, fromFile.get(s));
                sources.put(s, file.orElseThrow() + ":" + s.yamlKey());
            } else {
                s.defaultValue().ifPresent(v -> values.put(s, v));
            }
        }
        Optional<PoolSettings.Section> pools = config.map(c -> c.get(POOLS)).filter(Config::exists)
                .map(n -> new PoolSettings.Section(n, file.get()));
        TracingSettings.Section tracing = new TracingSettings.Section(config.map(c -> c.get(TRACING)).filter(Config::exists),
                file, Map.copyOf(env));
                Optional<RetentionSettings.Section> retention = config.map(c -> c.get(RETENTION)).filter(Config::exists)
                .map(n -> new RetentionSettings.Section(n, file.get()));
        return new Settings(values, sources, notifications, pools, tracing, retention);
    }

    private static Optional<Path> configFile(Optional<Path> configFlag, Map<String, String> env, Path workDir) {
        Optional<Path> named = configFlag.or(() -> Optional.ofNullable(env.get(CONFIG_ENV)).map(Path::of))
                .map(workDir::resolve);
        if (named.isPresent()) {
            if (!Files.isRegularFile(named.get())) {
                throw new SettingsException("Configuration file " + named.get() + " does not exist (named by "
                        + (configFlag.isPresent() ? "--config" : "$" + CONFIG_ENV) + ")");
            }
            return named;
        }
        Path local = workDir.resolve(DEFAULT_FILE);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    private static Config parse(Path file) {
        try {
            // value resolving off: ${NAME} in the notifications section names an environment variable,
            // replaced by NotificationSettings, not another key of the file
            return Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .disableParserServices()
                    .disableValueResolving()
                    .addParser(YamlConfigParser.create())
                    .addSource(ConfigSources.file(file).mediaType(MediaTypes.APPLICATION_X_YAML))
                    .build();
        } catch (ConfigException e) {
            throw new SettingsException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<Setting, String> values(Config config, Path file) {
        Set<String> known = Arrays.stream(Setting.values()).map(Setting::yamlKey).collect(Collectors.toCollection(TreeSet::new));
        known.add(NOTIFICATIONS);
        known.add(POOLS);
        known.add(TRACING);
        known.add(RETENTION);
        Set<String> unknown = new TreeSet<>();
        config.asNodeList().orElse(java.util.List.of()).forEach(n -> {
            if (!known.contains(n.name())) {
                unknown.add(n.name());
            }
        });
        if (!unknown.isEmpty()) {
            throw new SettingsException("Unknown keys " + unknown + " in " + file + "; known keys: "
                    + new TreeSet<>(known));
        }
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            try {
                Config node = config.get(s.yamlKey());
                if (s == Setting.SCHEDULER && node.type() == Config.Type.LIST) {
                    out.put(s, String.join(",", node.asList(String.class).get()));
                } else {
                    node.asString().ifPresent(v -> out.put(s, v));
                }
            } catch (ConfigException e) {
                throw new SettingsException("Key " + s.yamlKey() + " in " + file + " must be a single value: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }
}
