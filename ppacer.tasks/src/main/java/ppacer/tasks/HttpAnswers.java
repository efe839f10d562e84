package ppacer.tasks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import ppacer.api.TaskCancelledException;
import ppacer.api.TaskContext;

/**
 * A {@link Sensor} condition: a GET of a URL answers an expected status (e.g. 200 once a partner's
 * export is ready). Another status, a connection failure or a request timeout means "not yet".
 *
 * @param uri the URL, http or https
 * @param expectedStatus the status that meets the condition
 * @param requestTimeout the limit for connecting and for the response headers
 */
public record HttpAnswers(URI uri, int expectedStatus, Duration requestTimeout) implements Sensor.Condition {
    /** Validates. */
    public HttpAnswers {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("HttpAnswers: expected an http or https URL, got '" + uri + "'");
        }
        if (expectedStatus < 100 || expectedStatus > 599) {
            throw new IllegalArgumentException("HttpAnswers: expected a status within 100-599, got " + expectedStatus);
        }
        if (!requestTimeout.isPositive()) {
            throw new IllegalArgumentException("HttpAnswers: the request timeout must be positive, was " + requestTimeout);
        }
    }

    /**
     * @param uri the URL
     * @return a condition met when a GET answers 200, with a 30 s request timeout
     */
    public static HttpAnswers ok(URI uri) {
        return new HttpAnswers(uri, 200, HttpTask.DEFAULT_TIMEOUT);
    }

    @Override
    public Optional<String> check(TaskContext context) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            int status = client.send(request, BodyHandlers.discarding()).statusCode();
            if (status == expectedStatus) {
                context.logger().info("GET " + uri + " answered " + status);
                return Optional.empty();
            }
            return Optional.of("GET " + uri + " answered " + status + ", expected " + expectedStatus);
        } catch (IOException e) {
            return Optional.of("GET " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            if (context.isCancelled()) {
                throw new TaskCancelledException("Sensor condition GET " + uri + " was cancelled");
            }
            throw e;
        }
    }

    @Override
    public String definition() {
        return Definition.of(HttpAnswers.class).add("uri", uri.toString()).add("status", Integer.toString(expectedStatus))
                .add("requestTimeout", requestTimeout.toString()).toString();
    }
}
