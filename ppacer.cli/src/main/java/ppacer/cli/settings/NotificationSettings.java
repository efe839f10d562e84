package ppacer.cli.settings;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ppacer.api.Notifier;
import ppacer.notify.AlertRoutes;
import ppacer.notify.AlertTemplate;
import ppacer.notify.EmailConfig;
import ppacer.notify.EmailNotifier;
import ppacer.notify.LogNotifier;
import ppacer.notify.NotificationException;
import ppacer.notify.WebhookConfig;
import ppacer.notify.WebhookNotifier;

/**
 * The {@code notifications} section of {@code ppacer.yaml}, made into {@link AlertRoutes}:
 *
 * <pre>
 * notifications:
 *   ui-url: https://ppacer.example.com       # for {url}; default: this node's http://host:port
 *   default:                                 # DAGs without their own list (default: [log])
 *     - type: log
 *     - type: webhook
 *       url: ${SLACK_WEBHOOK_URL}
 *       format: slack                        # generic (default) or slack; or body: a template
 *   dags:
 *     etl:                                   # replaces the default list for DAG etl
 *       - type: email
 *         host: smtp.example.com
 *         port: 587
 *         security: starttls                 # none, starttls or ssl
 *         user: alerts@example.com
 *         password: ${SMTP_PASSWORD}
 *         from: ppacer@example.com
 *         to: [oncall@example.com]
 * </pre>
 *
 * <p>Every string value may hold {@code ${NAME}}, replaced by the environment variable NAME (which
 * must be set). Unknown keys are refused. Each error names the key's path (e.g.
 * {@code notifications.dags.etl[0].port}), the value and the file.
 */
final class NotificationSettings {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> TOP = Set.of("ui-url", "default", "dags");
    private static final Set<String> LOG_KEYS = Set.of("type");
    private static final Set<String> WEBHOOK_KEYS =
            Set.of("type", "url", "format", "body", "headers", "timeout", "retries", "retry-delay");
    private static final Set<String> EMAIL_KEYS = Set.of("type", "host", "port", "security", "user", "password",
            "from", "to", "subject", "body", "timeout");

    /**
     * The section as read, parsed when a command asks for it.
     *
     * @param section the {@code notifications} node
     * @param file the file it was read from
     * @param env the environment
     */
    record Section(Config section, Path file, Map<String, String> env) {
    }

    private final Path file;
    private final Map<String, String> env;

    private NotificationSettings(Path file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /**
     * @param section the {@code notifications} node
     * @param file the file it was read from (for messages)
     * @param env the environment, for {@code ${NAME}}
     * @param defaultUi the UI's base URL when {@code ui-url} is not set
     * @return the routes
     * @throws SettingsException naming the key when the section cannot be used
     */
    static AlertRoutes parse(Config section, Path file, Map<String, String> env, URI defaultUi) {
        return new NotificationSettings(file, env).routes(section, defaultUi);
    }

    private AlertRoutes routes(Config section, URI defaultUi) {
        String path = "notifications";
        requireObject(section, path, TOP);
        Optional<URI> ui = Optional.of(section.get("ui-url").exists()
                ? httpUrl(section.get("ui-url"), path + ".ui-url") : defaultUi);
        List<Notifier> defaults = section.get("default").exists()
                ? list(section.get("default"), path + ".default", ui) : List.of(new LogNotifier());
        Map<String, List<Notifier>> byDag = new LinkedHashMap<>();
        Config dags = section.get("dags");
        if (dags.exists()) {
            requireObject(dags, path + ".dags", null);
            for (Config dag : dags.asNodeList().orElse(List.of())) {
                byDag.put(dag.name(), list(dag, path + ".dags." + dag.name(), ui));
            }
        }
        return new AlertRoutes(defaults, byDag);
    }

    private List<Notifier> list(Config node, String path, Optional<URI> ui) {
        if (node.type() != Config.Type.LIST) {
            throw bad(path, "a list of notifiers, each with a type (log, webhook or email)", node);
        }
        List<Notifier> out = new ArrayList<>();
        List<Config> items = node.asNodeList().orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            out.add(notifier(items.get(i), path + "[" + i + "]", ui));
        }
        return out;
    }

    private Notifier notifier(Config n, String path, Optional<URI> ui) {
        if (n.type() != Config.Type.OBJECT) {
            throw bad(path, "a notifier: an object with a type (log, webhook or email)", n);
        }
        String type = required(n, "type", path);
        return switch (type) {
            case "log" -> {
                requireObject(n, path, LOG_KEYS);
                yield new LogNotifier();
            }
            case "webhook" -> {
                requireObject(n, path, WEBHOOK_KEYS);
                yield WebhookNotifier.create(webhook(n, path, ui));
            }
            case "email" -> {
                requireObject(n, path, EMAIL_KEYS);
                yield new EmailNotifier(email(n, path, ui));
            }
            default -> throw new SettingsException(path + ".type must be log, webhook or email, was '" + type
                    + "' (in " + file + ")");
        };
    }

    private WebhookConfig webhook(Config n, String path, Optional<URI> ui) {
        URI url = httpUrl(n.get("url"), path + ".url");
        if (n.get("format").exists() && n.get("body").exists()) {
            throw new SettingsException(path + " has both format and body; give one (in " + file + ")");
        }
        AlertTemplate body = AlertTemplate.GENERIC_JSON;
        if (n.get("format").exists()) {
            String f = string(n.get("format"), path + ".format");
            body = switch (f) {
                case "generic" -> AlertTemplate.GENERIC_JSON;
                case "slack" -> AlertTemplate.SLACK;
                default -> throw new SettingsException(path + ".format must be generic or slack (Slack, Teams,"
                        + " Mattermost), was '" + f + "' (in " + file + ")");
            };
        } else if (n.get("body").exists()) {
            body = template(n.get("body"), path + ".body");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Config h = n.get("headers");
        if (h.exists()) {
            requireObject(h, path + ".headers", null);
            for (Config header : h.asNodeList().orElse(List.of())) {
                headers.put(header.name(), string(header, path + ".headers." + header.name()));
            }
        }
        Duration timeout = n.get("timeout").exists() ? duration(n.get("timeout"), path + ".timeout")
                : WebhookConfig.DEFAULT_TIMEOUT;
        int retries = n.get("retries").exists() ? integer(n.get("retries"), path + ".retries", 0, 10)
                : WebhookConfig.DEFAULT_RETRIES;
        Duration delay = n.get("retry-delay").exists() ? duration(n.get("retry-delay"), path + ".retry-delay")
                : WebhookConfig.DEFAULT_RETRY_DELAY;
        try {
            return new WebhookConfig(url, body, headers, timeout, retries, delay, ui);
        } catch (NotificationException | IllegalArgumentException e) {
            throw new SettingsException(path + ": " + e.getMessage() + " (in " + file + ")", e);
        }
    }

    private EmailConfig email(Config n, String path, Optional<URI> ui) {
        String host = required(n, "host", path);
        EmailConfig.Security security = EmailConfig.Security.STARTTLS;
        if (n.get("security").exists()) {
            String s = string(n.get("security"), path + ".security");
            try {
                security = EmailConfig.Security.parse(s);
            } catch (NotificationException e) {
                throw new SettingsException(path + ".security must be none, starttls or ssl, was '" + s + "' (in "
                        + file + ")", e);
            }
        }
        int defaultPort = switch (security) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case SSL -> 465;
        };
        int port = n.get("port").exists() ? integer(n.get("port"), path + ".port", 1, 65535) : defaultPort;
        Optional<String> user = n.get("user").exists() ? Optional.of(string(n.get("user"), path + ".user"))
                : Optional.empty();
        Optional<String> password = n.get("password").exists()
                ? Optional.of(string(n.get("password"), path + ".password")) : Optional.empty();
        if (user.isPresent() != password.isPresent()) {
            throw new SettingsException(path + (user.isPresent() ? ".password is missing (user is set)"
                    : ".user is missing (password is set)") + "; give both or neither (in " + file + ")");
        }
        String from = required(n, "from", path);
        List<String> to = strings(n.get("to"), path + ".to");
        AlertTemplate subject = n.get("subject").exists() ? template(n.get("subject"), path + ".subject")
                : AlertTemplate.SUBJECT;
        AlertTemplate body = n.get("body").exists() ? template(n.get("body"), path + ".body") : AlertTemplate.MAIL_BODY;
        Duration timeout = n.get("timeout").exists() ? duration(n.get("timeout"), path + ".timeout")
                : EmailConfig.DEFAULT_TIMEOUT;
        try {
            return new EmailConfig(host, port, security, user, password, from, to, subject, body, timeout, ui);
        } catch (NotificationException e) {
            throw new SettingsException(path + ": " + e.getMessage() + " (in " + file + ")", e);
        }
    }

    private void requireObject(Config node, String path, Set<String> known) {
        if (node.type() != Config.Type.OBJECT) {
            throw bad(path, known == null ? "a map" : "a map with keys " + new TreeSet<>(known), node);
        }
        if (known == null) {
            return;
        }
        Set<String> unknown = new TreeSet<>();
        node.asNodeList().orElse(List.of()).forEach(c -> {
            if (!known.contains(c.name())) {
                unknown.add(c.name());
            }
        });
        if (!unknown.isEmpty()) {
            throw new SettingsException("Unknown keys " + unknown + " in " + path + " (in " + file + "); known keys: "
                    + new TreeSet<>(known));
        }
    }

    private String required(Config n, String key, String path) {
        if (!n.get(key).exists()) {
            throw new SettingsException(path + "." + key + " is missing (in " + file + ")");
        }
        return string(n.get(key), path + "." + key);
    }

    private String string(Config node, String path) {
        if (node.type() != Config.Type.VALUE) {
            throw bad(path, "a single value", node);
        }
        try {
            return substitute(node.asString().get(), path);
        } catch (ConfigException e) {
            throw new SettingsException(path + " must be a single value (in " + file + "): " + e.getMessage(), e);
        }
    }

    private List<String> strings(Config node, String path) {
        if (!node.exists()) {
            throw new SettingsException(path + " is missing: give one address or a list (in " + file + ")");
        }
        if (node.type() == Config.Type.VALUE) {
            return List.of(string(node, path));
        }
        if (node.type() != Config.Type.LIST) {
            throw bad(path, "an address or a list of addresses", node);
        }
        List<String> out = new ArrayList<>();
        List<Config> items = node.asNodeList().orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            out.add(string(items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private String substitute(String value, String path) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                throw new SettingsException(path + " refers to environment variable " + m.group(1)
                        + ", which is not set (in " + file + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private AlertTemplate template(Config node, String path) {
        String text = string(node, path);
        try {
            return new AlertTemplate(text);
        } catch (NotificationException e) {
            throw new SettingsException(path + ": " + e.getMessage() + " (in " + file + ")", e);
        }
    }

    private URI httpUrl(Config node, String path) {
        if (!node.exists()) {
            throw new SettingsException(path + " is missing (in " + file + ")");
        }
        String v = string(node, path);
        try {
            URI u = new URI(v);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new SettingsException(path + " must be an http(s) URL such as https://hooks.example.com/x, was '"
                + shown(path, v) + "' (in " + file + ")");
    }

    private int integer(Config node, String path, int min, int max) {
        String v = string(node, path);
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SettingsException(path + " must be an integer from " + min + " to " + max + ", was '" + v
                + "' (in " + file + ")");
    }

    private Duration duration(Config node, String path) {
        String v = string(node, path).strip();
        String lower = v.toLowerCase(Locale.ROOT);
        Duration d = null;
        try {
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
        if (d == null || d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new SettingsException(path + " must be a duration up to 1 hour such as 500ms, 10s or PT10S, was '"
                    + v + "' (in " + file + ")");
        }
        return d;
    }

    private SettingsException bad(String path, String expected, Config node) {
        String kind = switch (node.type()) {
            case OBJECT -> "a map";
            case LIST -> "a list";
            case VALUE -> "'" + shown(path, node.asString().orElse("")) + "'";
            case MISSING -> "missing";
        };
        return new SettingsException(path + " must be " + expected + ", was " + kind + " (in " + file + ")");
    }

    /** A webhook URL or a password is a secret: only its start is shown. */
    private static String shown(String path, String value) {
        boolean secret = path.endsWith(".url") || path.endsWith(".password");
        return secret && value.length() > 12 ? value.substring(0, 12) + "…" : value;
    }
}
