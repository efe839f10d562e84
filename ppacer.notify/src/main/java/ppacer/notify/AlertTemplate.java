package ppacer.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ppacer.api.Alert;

/**
 * A text with placeholders filled from an {@link Alert}: {@code {dag}}, {@code {run}}, {@code {task}},
 * {@code {attempt}} (0-based), {@code {status}} ({@code failed} or {@code failed, will be retried}),
 * {@code {time}} (the run's logical time, ISO-8601), {@code {error}}, {@code {message}} (the
 * scheduler's rendered alert) and {@code {url}} (the attempt's page in the web UI, empty without a UI
 * URL). Any other {@code {word}} is refused when the template is made; other braces are kept as they
 * are, so JSON bodies can be written directly.
 *
 * @param text the template
 */
public record AlertTemplate(String text) {
    /** The placeholders, in the order documented. */
    public static final List<String> PLACEHOLDERS =
            List.of("dag", "run", "task", "attempt", "status", "time", "error", "message", "url");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    /** A generic JSON object with every field of the alert; the webhook's default body. */
    public static final AlertTemplate GENERIC_JSON = new AlertTemplate("""
            {"dag":"{dag}","run":{run},"task":"{task}","attempt":{attempt},"status":"{status}",\
            "logicalTime":"{time}","error":"{error}","message":"{message}","url":"{url}"}""");

    /**
     * Slack's incoming-webhook body, {@code {"text": "..."}}; Mattermost and Microsoft Teams incoming
     * webhooks read the same field.
     */
    public static final AlertTemplate SLACK = new AlertTemplate("{\"text\":\"{message}\\n{url}\"}");

    /** The e-mail subject's default. */
    public static final AlertTemplate SUBJECT = new AlertTemplate("[ppacer] {dag}: task {task} {status} (run {run})");

    /** The e-mail body's default. */
    public static final AlertTemplate MAIL_BODY = new AlertTemplate("{message}\n\n{url}");

    /** Validates: not null, every {@code {word}} a known placeholder. */
    public AlertTemplate {
        Objects.requireNonNull(text, "text");
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new NotificationException("Unknown placeholder {" + m.group(1) + "} in template '" + text
                        + "'; known: " + PLACEHOLDERS.stream().map(p -> "{" + p + "}").toList());
            }
        }
    }

    /**
     * @param alert the alert
     * @param ui the web UI's base URL (e.g. {@code http://127.0.0.1:9321}), empty for no {@code {url}}
     * @param json whether values are escaped for a JSON string (the template supplies the quotes)
     * @return the text with the placeholders filled
     */
    public String render(Alert alert, Optional<URI> ui, boolean json) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = value(m.group(1), alert, ui);
            m.appendReplacement(out, Matcher.quoteReplacement(json ? jsonEscape(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * @param alert the alert
     * @param ui the web UI's base URL
     * @return the attempt's page in the UI, empty without a base URL
     */
    public static String url(Alert alert, Optional<URI> ui) {
        return ui.map(u -> {
            String base = u.toString().endsWith("/") ? u.toString().substring(0, u.toString().length() - 1)
                    : u.toString();
            if (alert.taskId().isEmpty() || alert.attempt() < 0) { // a deadline: the run's page
                return base + "/ui/#/runs/" + alert.runId();
            }
            return base + "/ui/#/runs/" + alert.runId() + "/tasks/"
                    + URLEncoder.encode(alert.taskId(), StandardCharsets.UTF_8).replace("+", "%20") + "/"
                    + alert.attempt();
        }).orElse("");
    }

    /**
     * @param a an alert
     * @return which attempt it is about, for messages: {@code task 't' of DAG 'd' run 7 attempt 0}
     */
    static String describe(Alert a) {
        return "task '" + a.taskId() + "' of DAG '" + a.dagId() + "' run " + a.runId() + " attempt " + a.attempt();
    }

    private static String value(String name, Alert a, Optional<URI> ui) {
        return switch (name) {
            case "dag" -> a.dagId();
            case "run" -> Long.toString(a.runId());
            case "task" -> a.taskId();
            case "attempt" -> Integer.toString(a.attempt());
            case "status" -> switch (a.kind()) {
                case RETRY -> "failed, will be retried";
                case FAILURE -> "failed";
                case DEADLINE_MISSED -> "missed its deadline";
            };
            case "time" -> a.logicalTime().toString();
            case "error" -> a.error().orElse("");
            case "message" -> a.message();
            case "url" -> url(a, ui);
            default -> throw new IllegalStateException("placeholder validated at construction: " + name);
        };
    }

    /**
     * @param s any text
     * @return the text escaped for the inside of a JSON string
     */
    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
