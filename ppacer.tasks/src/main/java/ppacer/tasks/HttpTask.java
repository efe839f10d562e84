package ppacer.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import ppacer.api.PpacerException;
import ppacer.api.Task;
import ppacer.api.TaskCancelledException;
import ppacer.api.TaskContext;

/**
 * Sends one HTTP request and succeeds when the response status is in the expected range
 * (2xx unless set). Redirects are followed, except from HTTPS to HTTP. The status and the start of
 * the body (up to {@value #LOGGED_BODY_BYTES} bytes) go to the task log. When the attempt is traced,
 * the request carries its {@link TaskContext#traceparent()} as the W3C {@code traceparent} header
 * (unless a {@code traceparent} header is set explicitly).
 *
 * <pre>{@code
 * HttpTask.get("ping", URI.create("http://localhost:8080/health"));
 * HttpTask.builder("notify", URI.create("http://hooks.local/done"))
 *         .method("POST").body("{\"ok\":true}").header("Content-Type", "application/json")
 *         .expectStatus(202).timeout(Duration.ofSeconds(5)).build();
 * }</pre>
 *
 * <p>A status outside the range fails with an {@link UnexpectedStatusException}
 * ({@code POST http://hooks.local/done returned status 500, expected 202}); a connection failure or
 * timeout fails with a {@link PpacerException} naming the request. When the attempt is cancelled
 * the request is aborted and the task throws {@link TaskCancelledException}.
 *
 * @param id the task id
 * @param method the HTTP method, upper case
 * @param uri the URL, http or https
 * @param body the request body, sent as UTF-8; empty for none
 * @param headers request headers
 * @param minStatus the lowest expected status
 * @param maxStatus the highest expected status
 * @param timeout the limit for connecting and for the response headers
 */
public record HttpTask(String id, String method, URI uri, Optional<String> body, Map<String, String> headers,
                       int minStatus, int maxStatus, Duration timeout) implements Task {
    /** How much of the response body is logged. */
    public static final int LOGGED_BODY_BYTES = 1024;
    /** The default for {@link Builder#timeout(Duration)}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Validates and copies the fields. */
    public HttpTask {
        Objects.requireNonNull(id, "id");
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(body, "body");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(timeout, "timeout");
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new PpacerException("HttpTask '" + id + "': expected an http or https URL, got '" + uri + "'");
        }
        if (minStatus < 100 || maxStatus > 599 || minStatus > maxStatus) {
            throw new PpacerException("HttpTask '" + id + "': expected status range within 100-599, got "
                    + minStatus + "-" + maxStatus);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new PpacerException("HttpTask '" + id + "': timeout must be positive, was " + timeout);
        }
    }

    /**
     * A GET expecting a 2xx status, with the default timeout.
     *
     * @param id the task id
     * @param uri the URL
     * @return the task
     */
    public static HttpTask get(String id, URI uri) {
        return builder(id, uri).build();
    }

    /**
     * Starts a request definition: GET, no body, no headers, 2xx expected, {@link #DEFAULT_TIMEOUT}.
     *
     * @param id the task id
     * @param uri the URL
     * @return a builder
     */
    public static Builder builder(String id, URI uri) {
        return new Builder(id, uri);
    }

    /**
     * The method, URL, body, headers (sorted), expected statuses and timeout, for the DAG's
     * fingerprint (hashed there; header values such as tokens are not stored).
     */
    @Override
    public String definition() {
        return Definition.of(HttpTask.class).add("method", method).add("uri", uri.toString())
                .add("body", body.map(b -> "+" + b).orElse("-")).add("headers", headers)
                .add("status", minStatus + "-" + maxStatus).add("timeout", timeout.toString()).toString();
    }

    @Override
    public void execute(TaskContext context) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.map(b -> BodyPublishers.ofString(b, StandardCharsets.UTF_8))
                        .orElse(BodyPublishers.noBody()));
        headers.forEach(request::header);
        String traceparent = context.traceparent();
        if (!traceparent.isEmpty() && headers.keySet().stream().noneMatch("traceparent"::equalsIgnoreCase)) {
            request.header("traceparent", traceparent);
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<InputStream> response = await(client, client.sendAsync(request.build(),
                    BodyHandlers.ofInputStream()), context);
            byte[] start;
            try (InputStream in = response.body()) {
                start = in.readNBytes(LOGGED_BODY_BYTES + 1);
            } catch (IOException e) {
                throw new PpacerException(method + " " + uri + " failed reading the response body: " + e, e);
            }
            int status = response.statusCode();
            context.logger().info(method + " " + uri + " returned status " + status);
            if (start.length > 0) {
                boolean cut = start.length > LOGGED_BODY_BYTES;
                String text = new String(start, 0, Math.min(start.length, LOGGED_BODY_BYTES), StandardCharsets.UTF_8);
                context.logger().info("Response body" + (cut ? " (first " + LOGGED_BODY_BYTES + " bytes)" : "")
                        + ": " + text);
            }
            if (status < minStatus || status > maxStatus) {
                throw new UnexpectedStatusException(method + " " + uri + " returned status " + status
                        + ", expected " + expected(), status);
            }
        }
    }

    private HttpResponse<InputStream> await(HttpClient client, CompletableFuture<HttpResponse<InputStream>> pending,
                                            TaskContext context) {
        try {
            while (true) {
                try {
                    return pending.get(ProcessRun.POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (context.isCancelled()) {
                        throw abort(client, pending, "the attempt was cancelled");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw abort(client, pending, "the task thread was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new PpacerException(method + " " + uri + " failed: " + cause, cause);
        }
    }

    private TaskCancelledException abort(HttpClient client, CompletableFuture<?> pending, String why) {
        pending.cancel(true);
        client.shutdownNow();
        return new TaskCancelledException(method + " " + uri + " aborted: " + why);
    }

    private String expected() {
        return minStatus == maxStatus ? Integer.toString(minStatus) : minStatus + "-" + maxStatus;
    }

    /** Builds an {@link HttpTask}; every setter returns the builder. */
    public static final class Builder {
        private final String id;
        private final URI uri;
        private String method = "GET";
        private Optional<String> body = Optional.empty();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int minStatus = 200;
        private int maxStatus = 299;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(String id, URI uri) {
            this.id = id;
            this.uri = uri;
        }

        /** @param value the HTTP method, such as {@code POST} @return this builder */
        public Builder method(String value) {
            method = value;
            return this;
        }

        /** @param value the request body, sent as UTF-8 @return this builder */
        public Builder body(String value) {
            body = Optional.of(value);
            return this;
        }

        /** @param name a header name @param value its value @return this builder */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** @param status the one expected status @return this builder */
        public Builder expectStatus(int status) {
            return expectStatus(status, status);
        }

        /** @param min the lowest expected status @param max the highest @return this builder */
        public Builder expectStatus(int min, int max) {
            minStatus = min;
            maxStatus = max;
            return this;
        }

        /** @param value the limit for connecting and for the response headers @return this builder */
        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        /** @return the task */
        public HttpTask build() {
            return new HttpTask(id, method, uri, body, headers, minStatus, maxStatus, timeout);
        }
    }
}
