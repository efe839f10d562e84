package ppacer.notify;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A webhook: where alerts are POSTed as JSON, and how hard to try.
 *
 * @param url the endpoint, http or https (kept out of messages but for its scheme and host: chat
 *            webhooks carry their secret in the path)
 * @param body the JSON body's template, placeholders JSON-escaped ({@link AlertTemplate#GENERIC_JSON},
 *             {@link AlertTemplate#SLACK} or your own)
 * @param headers extra request headers (e.g. {@code Authorization})
 * @param timeout the longest wait for the connection and, separately, for the answer to one request
 * @param retries further attempts after a failed one (a network error, a timeout, 5xx, 408 or 429),
 *                0 to 10
 * @param retryDelay the wait before the first retry, doubled before each next one (up to 8 times it)
 * @param ui the web UI's base URL for {@code {url}}, empty for none
 */
public record WebhookConfig(URI url, AlertTemplate body, Map<String, String> headers, Duration timeout, int retries,
                            Duration retryDelay, Optional<URI> ui) {
    /** The default timeout of one request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The default number of retries. */
    public static final int DEFAULT_RETRIES = 3;
    /** The default wait before the first retry. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

    /** Validates, naming the bad value. */
    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(ui, "ui");
        headers = Map.copyOf(headers);
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new NotificationException("Webhook url must be an http(s) URL with a host, was '" + url + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new NotificationException("Webhook timeout must be positive, was " + timeout);
        }
        if (retries < 0 || retries > 10) {
            throw new NotificationException("Webhook retries must be from 0 to 10, was " + retries);
        }
        if (retryDelay.isNegative()) {
            throw new NotificationException("Webhook retry delay must not be negative, was " + retryDelay);
        }
    }

    /**
     * @param url the endpoint
     * @return a webhook with the generic JSON body, no extra headers and the default timeout and retries
     */
    public static WebhookConfig of(URI url) {
        return new WebhookConfig(url, AlertTemplate.GENERIC_JSON, Map.of(), DEFAULT_TIMEOUT, DEFAULT_RETRIES,
                DEFAULT_RETRY_DELAY, Optional.empty());
    }

    /** @return the URL's scheme, host and port only: the part that may be logged */
    public String target() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
    /**
     * @return the settings without the URL's path and query or the headers' values, where chat
     *     webhooks and APIs keep their secrets (a record's own form would print them)
     */
    @Override
    public String toString() {
        return "WebhookConfig[" + target() + ", headers " + new java.util.TreeSet<>(headers.keySet()) + ", timeout "
                + timeout + ", retries " + retries + "]";
    }
}
