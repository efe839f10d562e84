package ppacer.notify;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import ppacer.api.Alert;
import ppacer.api.Notifier;
import ppacer.api.concurrent.Backoff;

/**
 * POSTs each alert as JSON to a webhook, with a timeout per request and bounded retries.
 *
 * <p>Failure handling: a network error, a timeout, a 5xx, 408 or 429 answer is retried up to
 * {@link WebhookConfig#retries()} times, waiting an exponential backoff from
 * {@link WebhookConfig#retryDelay()}; each retry is logged at WARNING with the status. Any other
 * non-2xx answer (a wrong URL or token) is not retried. When no attempt succeeded, {@link #send}
 * throws a {@link NotificationException} naming the target, the attempts and the last status (and
 * the start of the answer's body); the scheduler's dispatcher logs it and goes on. The URL's path is
 * never logged: chat webhooks carry their secret there.
 *
 * <p>Concurrency: one instance serves any number of threads; each send has its own backoff.
 */
public final class WebhookNotifier implements Notifier {
    private static final System.Logger LOG = System.getLogger(WebhookNotifier.class.getName());
    private static final int BODY_SHOWN = 200;

    private final WebhookConfig config;
    private final HttpClient client;

    /**
     * @param config the webhook
     * @param client the HTTP client (its connect timeout should be the config's timeout)
     */
    WebhookNotifier(WebhookConfig config, HttpClient client) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * @param config the webhook
     * @return a notifier with its own HTTP client
     */
    public static WebhookNotifier create(WebhookConfig config) {
        return new WebhookNotifier(config, HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    /** @return the webhook */
    public WebhookConfig config() {
        return config;
    }

    @Override
    public void send(Alert alert) {
        String body = config.body().render(alert, config.ui(), true);
        HttpRequest.Builder b = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        config.headers().forEach(b::header);
        HttpRequest request = b.build();
        Backoff backoff = backoff();
        int attempts = config.retries() + 1;
        String failure = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            boolean retryable;
            try {
                HttpResponse<String> res = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = res.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                failure = "HTTP " + status + shown(res.body());
                retryable = status >= 500 || status == 408 || status == 429;
            } catch (HttpTimeoutException e) {
                failure = "no answer within " + config.timeout().toMillis() + " ms (" + e.getMessage() + ")";
                retryable = true;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                retryable = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotificationException("Webhook " + config.target() + " interrupted at attempt " + attempt
                        + " of " + attempts + " for " + AlertTemplate.describe(alert), e);
            }
            if (!retryable || attempt == attempts) {
                throw new NotificationException("Webhook " + config.target() + " failed for " + AlertTemplate.describe(alert) + " after "
                        + attempt + (attempt == 1 ? " attempt" : " attempts") + (retryable ? "" : " (not retried)")
                        + ": " + failure);
            }
            Duration wait = backoff.next();
            LOG.log(Level.WARNING, "Webhook " + config.target() + " attempt " + attempt + " of " + attempts + " for "
                    + AlertTemplate.describe(alert) + " failed: " + failure + "; retrying in " + wait.toMillis() + " ms");
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotificationException("Webhook " + config.target() + " interrupted before attempt "
                        + (attempt + 1) + " of " + attempts + " for " + AlertTemplate.describe(alert) + "; last failure: " + failure, e);
            }
        }
        throw new IllegalStateException("the loop returns or throws at its last attempt");
    }

    private Backoff backoff() {
        Duration d = config.retryDelay();
        return d.isZero() ? Backoff.fixed(Duration.ZERO) : Backoff.exponential(d, d.multipliedBy(8), 2.0);
    }

    private static String shown(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return " (" + (s.length() > BODY_SHOWN ? s.substring(0, BODY_SHOWN) + "…" : s) + ")";
    }

    @Override
    public String toString() {
        return "webhook " + config.target();
    }
}
